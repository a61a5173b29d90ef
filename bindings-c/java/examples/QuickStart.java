import java.nio.file.Files;
import java.nio.file.Path;
import pl.kooperacje.c.Kooperacje;
import pl.kooperacje.c.Session;

public class QuickStart {
    public static void main(String[] args) throws Exception {
        try (Session model = Session.fromJsonl(Files.readString(Path.of("tests/quickstart/pzk.jsonl")))) {
            for (String line : Files.readAllLines(Path.of("tests/quickstart/zzk.jsonl"))) {
                model.execute(line);                                    // need → consent → … → invitation
            }
            model.execute("""
                {"at": "2026-04-11T09:00:00Z", "actor": "u-0012", "command": {"type": "hold_zzk_meeting",
                 "zzk_id": "zzk-2026-0021", "meeting_id": "mt-0102", "kind": "first", "held_on": "2026-04-11",
                 "family_present": true, "representative_present": false, "attending": ["zm-nurse"],
                 "remote": false, "minutes": "nt-0104", "assessment": null, "project": null,
                 "plan": {"case_number": "OPS.5120.21.2026", "situation": {}, "problems": null,
                          "main_goal": "Zdrowie rodziny", "tasks": [],
                          "goals": [{"goal_id": "g-1", "title": "Leczenie i rehabilitacja"}]}}}""");
            String stage = Kooperacje.jsonPointer(model.zzkJson("zzk-2026-0021"), "/stage");
            System.out.println(Kooperacje.label("ZzkStage", stage, "pl"));             // Praca ZZK
        }
    }
}
