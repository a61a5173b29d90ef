// A separate Java project that uses the published jar as an app would: compiled with javac against
// the jar, JNA and kotlin-stdlib only, and run with no -Djna.library.path (JNA finds the native
// library in the jar). bindings-mobile/package-test.sh compiles and runs it. Argument: the
// workspace root.
package app;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import pl.kooperacje.Kooperacje;
import pl.kooperacje.KooperacjeException;
import pl.kooperacje.Labels;
import pl.kooperacje.Model;
import pl.kooperacje.types.Lang;
import pl.kooperacje.types.ZzkStage;

public final class Main {
    public static void main(String[] args) throws Exception {
        Path root = Path.of(args[0]);
        Model model = Kooperacje.fromJsonl(Files.readString(root.resolve("tests/quickstart/pzk.jsonl")));
        List<String> zzk = Files.readAllLines(root.resolve("tests/quickstart/zzk.jsonl"));
        for (String line : zzk) {
            model.executeJson(line);
        }
        model.executeJson("{\"at\": \"2026-04-11T09:00:00Z\", \"actor\": \"u-0012\", \"command\": {"
            + "\"type\": \"hold_zzk_meeting\", \"zzk_id\": \"zzk-2026-0021\", \"meeting_id\": \"mt-0102\","
            + " \"kind\": \"first\", \"held_on\": \"2026-04-11\", \"family_present\": true,"
            + " \"representative_present\": false, \"attending\": [\"zm-nurse\"], \"remote\": false,"
            + " \"minutes\": \"nt-0104\", \"assessment\": null, \"project\": null,"
            + " \"plan\": {\"case_number\": \"OPS.5120.21.2026\", \"situation\": {}, \"problems\": null,"
            + " \"main_goal\": \"Zdrowie rodziny\", \"goals\": [{\"goal_id\": \"g-1\","
            + " \"title\": \"Leczenie i rehabilitacja\"}], \"tasks\": []}}}");
        ZzkStage stage = model.zzkStage("zzk-2026-0021");
        System.out.println(Labels.labelPl(stage));                                  // Praca ZZK
        System.out.println(Labels.code(stage) + " " + Labels.label(stage, Lang.EN));
        System.out.println("events: " + Kooperacje.eventCount(model));
        try (Model empty = Kooperacje.model(false)) {
            System.out.println("version " + Kooperacje.version() + ", empty: " + Kooperacje.eventCount(empty));
        }
        try {
            // The family's need reported again, a day after the meeting: refused (the ZZK exists).
            model.executeJson(zzk.get(0).replace("2026-04-01T09:00:00Z", "2026-04-12T09:00:00Z"));
            System.out.println("not refused");
        } catch (KooperacjeException e) {
            System.out.println(e.code() + " pl: " + Kooperacje.messagePl(e));
            System.out.println(e.code() + " en: " + e.getMessage());
        }
    }
}
