//! Prints the core's catalogue (`kooperacje::catalogue::to_json`: every labelled enum with its
//! codes and Polish and English labels, in declaration order) as JSON, for `build.sh`, which
//! writes the Kotlin label properties (`stage.labelPl`) from it: the labels are the core's, never a
//! second table.

fn main() {
    println!("{}", kooperacje::catalogue::to_json());
}
