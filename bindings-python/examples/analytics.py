"""Analytics example: how long families stay in each ZZK stage, and which sectors' services the
individual baskets use.

    python examples/analytics.py                       # a generated 10,000-family data set
    python examples/analytics.py --db kooperacje.db    # the CLI's database (kooperacje demo)
    python examples/analytics.py --out chart.png --as-of 2026-12-31

Prints a summary and saves a PNG chart. Uses polars for the tables (pyarrow, pandas or DuckDB
read them the same way) and matplotlib for the chart; the labels are the model's Polish ones.
"""

from __future__ import annotations

import argparse
import datetime as dt
import tempfile
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # no display needed
import kooperacje.sample
import kooperacje.tables as kt
import matplotlib.pyplot as plt
import polars as pl
from kooperacje.enums import Sector, ZzkStage


def load(db: Path | None, families: int, as_of: dt.date) -> kt.Tables:
    """The tables of the CLI's database, or of a generated sample municipality."""
    if db is not None:
        return kt.load(db, as_of=as_of)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "sample.jsonl"
        kooperacje.sample.write_jsonl(path, families)
        return kt.load(path, as_of=as_of)


def stage_days(zzks: pl.DataFrame) -> pl.DataFrame:
    """Mean days per ZZK stage over the ZZKs that have been in it, with Polish labels."""
    rows = []
    for stage in ZzkStage:
        column = zzks[f"days_{stage.value}"]
        been_there: list[int] = column.filter(column > 0).to_list()
        if been_there:
            mean = sum(been_there) / len(been_there)
            rows.append({"stage": stage.label_pl, "mean_days": mean, "zzks": len(been_there)})
    return pl.DataFrame(
        rows, schema={"stage": pl.String, "mean_days": pl.Float64, "zzks": pl.Int64}
    )


def basket_use_by_sector(services: pl.DataFrame) -> pl.DataFrame:
    """Individual-basket items per sector of the service's provider, with Polish labels."""
    labels = Sector.labels("pl")
    return (
        services.group_by("provider_sector")
        .agg(pl.col("used_in_baskets").sum(), pl.col("service_id").count().alias("services"))
        .with_columns(
            pl.col("provider_sector").replace_strict(labels, default="(brak)").alias("sector")
        )
        .sort("used_in_baskets", descending=True)
    )


def chart(days: pl.DataFrame, use: pl.DataFrame, out: Path, title: str) -> None:
    figure, (left, right) = plt.subplots(1, 2, figsize=(14, 6), width_ratios=(3, 2))
    left.barh(days["stage"].to_list(), days["mean_days"].to_list(), color="#3b6ea8")
    left.invert_yaxis()
    left.set_xlabel("średnia liczba dni w etapie")
    left.set_title("Czas w etapach pracy ZZK")
    right.bar(use["sector"].to_list(), use["used_in_baskets"].to_list(), color="#d08c2c")
    right.set_ylabel("pozycje w koszykach indywidualnych")
    right.set_title("Wykorzystanie koszyka usług wg sektora")
    right.tick_params(axis="x", labelrotation=30)
    figure.suptitle(title)
    figure.tight_layout()
    figure.savefig(out, dpi=100)
    plt.close(figure)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--db", type=Path, help="a database of the kooperacje command")
    parser.add_argument(
        "--families", type=int, default=10_000, help="size of the generated data set"
    )
    parser.add_argument("--as-of", type=dt.date.fromisoformat, default=dt.date(2026, 12, 31))
    parser.add_argument("--out", type=Path, default=Path("kooperacje-analytics.png"))
    args = parser.parse_args()

    tables = load(args.db, args.families, args.as_of)
    zzks = pl.DataFrame(tables.zzks)
    services = pl.DataFrame(tables.services)
    events = pl.DataFrame(tables.events)
    print(
        f"{zzks.height} ZZK, {services.height} usług w koszyku, {events.height} zdarzeń "
        f"(stan na {args.as_of})"
    )
    print("\nZZK wg etapu:")
    by_stage = zzks.group_by("stage").len().sort("len", descending=True)
    for code, count in by_stage.iter_rows():
        print(f"  {ZzkStage(code).label_pl:<45} {count:>7}")
    consent = zzks.select(pl.col("consent_in_force").mean()).item()
    print(f"\nZgoda w mocy: {100 * float(consent or 0):.1f}% spraw")
    days = stage_days(zzks)
    print("\nŚredni czas w etapie (dni):")
    for stage, mean, count in days.iter_rows():
        print(f"  {stage:<45} {mean:>7.1f}  ({count} ZZK)")
    use = basket_use_by_sector(services)
    print("\nKoszyk indywidualny wg sektora usługodawcy:")
    for _, used, count, sector in use.iter_rows():
        print(f"  {sector:<45} {used:>7} pozycji, {count} usług")
    source = args.db.name if args.db else f"dane przykładowe, {args.families} rodzin"
    chart(days, use, args.out, f"Kooperacje 3D — {source}, stan na {args.as_of}")
    print(f"\nWykres: {args.out}")


if __name__ == "__main__":
    main()
