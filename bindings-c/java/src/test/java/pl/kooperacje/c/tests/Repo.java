package pl.kooperacje.c.tests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import pl.kooperacje.c.Session;

/**
 * The repository's test data: the root comes from {@code -Dkooperacje.root} (test.sh passes it),
 * else the working directory.
 */
final class Repo {
    static final Path ROOT = Path.of(System.getProperty("kooperacje.root", ".")).toAbsolutePath().normalize();

    /** The first meeting of the quick start's ZZK, with its plan (the README's tenth step). */
    static final String FIRST_MEETING = "{\"at\": \"2026-04-11T09:00:00Z\", \"actor\": \"u-0012\", \"command\": "
            + "{\"type\": \"hold_zzk_meeting\", \"zzk_id\": \"zzk-2026-0021\", \"meeting_id\": \"mt-0102\", "
            + "\"kind\": \"first\", \"held_on\": \"2026-04-11\", \"family_present\": true, "
            + "\"representative_present\": false, \"attending\": [\"zm-nurse\"], \"remote\": false, "
            + "\"minutes\": \"nt-0104\", \"assessment\": null, \"project\": null, \"plan\": {\"case_number\": "
            + "\"OPS.5120.21.2026\", \"situation\": {}, \"problems\": null, \"main_goal\": \"Zdrowie rodziny\", "
            + "\"goals\": [{\"goal_id\": \"g-1\", \"title\": \"Leczenie i rehabilitacja\"}], \"tasks\": []}}}";

    private Repo() {}

    static Path path(String relative) {
        return ROOT.resolve(relative);
    }

    static String read(String relative) {
        try {
            return Files.readString(path(relative));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] bytes(String relative) {
        try {
            return Files.readAllBytes(path(relative));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The {@code .json} files directly in a directory, by name. */
    static List<Path> jsonFiles(String relative) {
        try (Stream<Path> files = Files.list(path(relative))) {
            return files.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String stem(Path file) {
        String name = file.getFileName().toString();
        return name.substring(0, name.length() - ".json".length());
    }

    /**
     * The fixtures as the runner takes them, {@code {"name": <file>, …}}, written as the C
     * reference client writes them.
     */
    static String fixtures() {
        StringBuilder out = new StringBuilder("{");
        for (Path file : jsonFiles("tests/scenarios/fixtures")) {
            if (out.length() > 1) out.append(", ");
            out.append('"').append(stem(file)).append("\": ").append(read(ROOT.relativize(file).toString()));
        }
        return out.append('}').toString();
    }

    /** The quick start's operating PZK ({@code pzk-1}) and the Nowaks' ZZK, invited to its first meeting. */
    static Session invitedZzk() {
        Session session = Session.fromJsonl(read("tests/quickstart/pzk.jsonl"));
        for (String line : read("tests/quickstart/zzk.jsonl").split("\n")) {
            if (!line.isBlank()) session.execute(line);
        }
        return session;
    }
}
