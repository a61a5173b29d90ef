// SPDX-License-Identifier: EUPL-1.2
// The C# wrapper's tests: the conformance scenarios through the library's runner with a driver
// over this wrapper's Session (results written to OUT for scripts/test's byte-for-byte table),
// then errors by kind, ownership, threads and each call's conversions. Expected values come from
// the committed test data (tests/quickstart, tests/scenarios, the header's examples), never from
// the code under test.
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Runtime.Serialization;
using System.Runtime.Serialization.Json;
using System.Text;
using System.Threading;

namespace Kooperacje.Tests
{
    /// <summary>The driver of the conformance runs: a fresh session of this wrapper, counting
    /// the commands it carried out (a run that carried out none proves nothing).</summary>
    sealed class SessionDriver : IScenarioDriver, IDisposable
    {
        public readonly Session Session = new Session();
        public int Executed;

        public string Execute(string commandJson)
        {
            Executed++;
            return Session.Execute(commandJson);
        }

        public string State() { return Session.StateJson(); }

        public void Dispose() { Session.Dispose(); }
    }

    /// <summary>A driver that fails as a host's bug would: its exception must not reach native code.</summary>
    sealed class ThrowingDriver : IScenarioDriver
    {
        public string Execute(string commandJson) { throw new InvalidOperationException("driver bug 4711"); }
        public string State() { return "{}"; }
    }

    // The parts of the library's JSON the tests read (DataContractJsonSerializer ignores the rest).
    [DataContract] sealed class Catalogue { [DataMember(Name = "errors")] public CatalogueError[] Errors = null; }
    [DataContract] sealed class CatalogueError
    {
        [DataMember(Name = "code")] public string Code = null;
        [DataMember(Name = "kind")] public string Kind = null;
    }
    [DataContract] sealed class Zzk { [DataMember(Name = "stage")] public string Stage = null; }
    [DataContract] sealed class ReadAnswer
    {
        [DataMember(Name = "record")] public AccessRecord Record = null;
        [DataMember(Name = "refusal")] public Refusal Refusal = null;
    }
    [DataContract] sealed class AccessRecord { [DataMember(Name = "outcome")] public string Outcome = null; }
    [DataContract] sealed class Refusal
    {
        [DataMember(Name = "code")] public string Code = null;
        [DataMember(Name = "message_pl")] public string MessagePl = null;
    }
    [DataContract] sealed class Hit { [DataMember(Name = "service_id")] public string ServiceId = null; }
    [DataContract] sealed class RegistryEntry
    {
        [DataMember(Name = "zzk_id")] public string ZzkId = null;
        [DataMember(Name = "stage")] public string Stage = null;
    }

    static class Tests
    {
        public static string Root, Out;

        // ---- helpers ----

        static string Repo(string path) { return Path.Combine(Root, path); }

        static string ReadText(string path) { return File.ReadAllText(Repo(path), new UTF8Encoding(false)); }

        static T Json<T>(string text)
        {
            using (var stream = new MemoryStream(Encoding.UTF8.GetBytes(text)))
                return (T)new DataContractJsonSerializer(typeof(T)).ReadObject(stream);
        }

        /// <summary>The fixtures argument: <c>{"name": {fixture}, …}</c> of tests/scenarios/fixtures/.</summary>
        static string Fixtures()
        {
            var files = Directory.GetFiles(Repo("tests/scenarios/fixtures"), "*.json").OrderBy(f => f, StringComparer.Ordinal);
            return "{" + string.Join(", ", files.Select(f =>
                "\"" + Path.GetFileNameWithoutExtension(f) + "\": " + File.ReadAllText(f, new UTF8Encoding(false)))) + "}";
        }

        static void Write(string name, string text)
        {
            Directory.CreateDirectory(Out);
            File.WriteAllText(Path.Combine(Out, name + ".json"), text, new UTF8Encoding(false));
        }

        /// <summary>Compares a result with the Rust reference, when scripts/test has written it.</summary>
        static void SameAsRust(string name)
        {
            var reference = Repo("target/conformance/rust/" + name + ".json");
            if (!File.Exists(reference))
            {
                Console.WriteLine("# (no Rust reference for {0} yet; scripts/test compares it)", name);
                return;
            }
            Assert.True(File.ReadAllBytes(reference).SequenceEqual(File.ReadAllBytes(Path.Combine(Out, name + ".json"))),
                name + ".json differs from target/conformance/rust/" + name + ".json");
        }

        const string QuickStartMeeting = @"{""at"": ""2026-04-11T09:00:00Z"", ""actor"": ""u-0012"", ""command"": {
            ""type"": ""hold_zzk_meeting"", ""zzk_id"": ""zzk-2026-0021"", ""meeting_id"": ""mt-0102"", ""kind"": ""first"",
            ""held_on"": ""2026-04-11"", ""family_present"": true, ""representative_present"": false,
            ""attending"": [""zm-nurse""], ""remote"": false, ""minutes"": ""nt-0104"", ""assessment"": null, ""project"": null,
            ""plan"": {""case_number"": ""OPS.5120.21.2026"", ""situation"": {}, ""problems"": null, ""main_goal"": ""Zdrowie rodziny"",
                      ""goals"": [{""goal_id"": ""g-1"", ""title"": ""Leczenie i rehabilitacja""}], ""tasks"": []}}}";

        /// <summary>The quick start's PZK with the Nowaks' ZZK invited to its first meeting.</summary>
        static Session Nowaks()
        {
            var session = Session.FromJsonl(ReadText("tests/quickstart/pzk.jsonl"));
            foreach (var line in File.ReadLines(Repo("tests/quickstart/zzk.jsonl"))) session.Execute(line);
            return session;
        }

        static string Command(string at, string type, string fields)
        {
            return "{\"at\": \"" + at + "\", \"actor\": \"u-0012\", \"command\": {\"type\": \"" + type + "\"" + fields + "}}";
        }

        // ---- versions ----

        [Test("the library's ABI version is 1, the one this wrapper was written for")]
        static void AbiVersion()
        {
            Assert.Equal(1u, Library.AbiVersion, "kooperacje_abi_version");
            Assert.Equal(1u, Library.WrittenForAbiVersion, "the wrapper's");
        }

        [Test("the version is the workspace's (Cargo.toml) and events are written with the quick start log's schema")]
        static void Versions()
        {
            var line = File.ReadLines(Repo("Cargo.toml")).First(l => l.StartsWith("version = "));
            Assert.Equal(line.Split('"')[1], Library.Version, "kooperacje_version");
            Assert.Contains("\"schema\":" + Library.EventSchemaVersion + ",", File.ReadLines(Repo("tests/quickstart/pzk.jsonl")).First(), "schema");
        }

        // ---- conformance ----

        [Cases]
        static IEnumerable<TestCase> Scenarios()
        {
            var fixtures = Fixtures();
            var files = Directory.GetFiles(Repo("tests/scenarios"), "*.json").OrderBy(f => f, StringComparer.Ordinal).ToList();
            yield return new TestCase("there are at least twenty scenarios", () => Assert.True(files.Count >= 20, files.Count + " scenario files"));
            foreach (var file in files)
            {
                var name = Path.GetFileNameWithoutExtension(file);
                yield return new TestCase("scenario " + name, () =>
                {
                    using (var driver = new SessionDriver())
                    {
                        var result = Library.RunScenario(File.ReadAllText(file, new UTF8Encoding(false)), fixtures, driver);
                        Write(name, result.Canonical);
                        Assert.True(result.Passed, result.FailureCount + " failure(s):\n" + string.Join("\n", result.Failures));
                        Assert.True(driver.Executed > 0, "the C# driver carried out no command");
                        SameAsRust(name);
                    }
                });
            }
            yield return new TestCase("basket sheet imported, exported and written", () =>
            {
                using (var driver = new SessionDriver())
                {
                    var scene = Library.RunScenario("{\"name\": \"basket_sheet\", \"given\": [\"operating_pzk\"], \"steps\": []}", fixtures, driver);
                    Assert.True(scene.Passed, string.Join("\n", scene.Failures));
                    var sheet = File.ReadAllBytes(Repo("tests/formats/basket_sheet.csv"));
                    var report = driver.Session.BasketImport("pzk-1", sheet, "csv", "2026-03-10T10:00:00Z", "ops-head", null, true);
                    var rows = Encoding.UTF8.GetString(driver.Session.BasketExport("pzk-1", "json"));
                    var hsds = Encoding.UTF8.GetString(driver.Session.BasketExport("pzk-1", "hsds"));
                    Write("basket_sheet", Library.CanonicalJson("{\"report\": " + report + ", \"sheet\": " + rows + ", \"hsds\": " + hsds + "}"));
                    SameAsRust("basket_sheet");
                }
            });
        }

        [Test("a wrong expectation is reported as a failure of the scenario")]
        static void WrongExpectation()
        {
            var text = ReadText("tests/scenarios/10_zzk_recognising_need.json");
            const string expected = "\"expect\": {\"error\": \"PARTNERSHIP_NOT_FOUND\"}";
            int at = text.IndexOf(expected, StringComparison.Ordinal);
            Assert.True(at >= 0, "scenario 10's first step expects PARTNERSHIP_NOT_FOUND");
            var wrong = text.Substring(0, at) + "\"expect\": {\"error\": \"SOMETHING_ELSE\"}" + text.Substring(at + expected.Length);
            using (var driver = new SessionDriver())
            {
                var result = Library.RunScenario(wrong, Fixtures(), driver);
                Assert.Equal(1, result.FailureCount, "failures");
                Assert.True(!result.Passed, "the scenario passed");
                Assert.Equal(1, result.Failures.Count, "the failures");
                Assert.Contains("step 1: unexpected error PARTNERSHIP_NOT_FOUND", result.Failures[0], "the failure");
            }
        }

        [Test("a driver's exception is answered as INTERNAL_ERROR, never thrown into native code")]
        static void ThrowingDriver()
        {
            var result = Library.RunScenario(ReadText("tests/scenarios/10_zzk_recognising_need.json"), Fixtures(), new ThrowingDriver());
            Assert.True(result.FailureCount > 0, "the runner reported no failure");
            Assert.Contains("INTERNAL_ERROR", string.Join("\n", result.Failures), "the failures");
            Assert.Contains("driver bug 4711", string.Join("\n", result.Failures), "the failures");
        }

        [Test("a text that is not a scenario is a decode exception MALFORMED_JSON")]
        static void NotAScenario()
        {
            var e = Assert.Throws<KooperacjeDecodeException>(() => Library.RunScenario("{\"steps\": 3}", "{}", new ThrowingDriver()), "run");
            Assert.Equal("MALFORMED_JSON", e.Code, "code");
        }

        // ---- errors by kind ----

        [Test("every kind in the catalogue and the header has its own exception class, named after it")]
        static void EveryKindHasItsClass()
        {
            var listed = Json<Catalogue>(Library.CatalogueJson()).Errors.Select(e => e.Kind).Distinct().ToList();
            Assert.True(listed.Count > 0, "the catalogue lists no kind");
            // The header lists every kind too (the catalogue has no STORE_* code, so not "store").
            var header = File.ReadAllText(Repo("bindings-c/include/kooperacje.h"));
            var sentence = header.Substring(header.IndexOf("Kind, on which a host builds its exception classes:", StringComparison.Ordinal));
            sentence = sentence.Substring(0, sentence.IndexOf('.'));
            var documented = System.Text.RegularExpressions.Regex.Matches(sentence, "`([a-z_]+)`").Cast<System.Text.RegularExpressions.Match>()
                .Select(m => m.Groups[1].Value).ToList();
            Assert.Equal(10, documented.Count, "kinds the header lists");
            var kinds = listed.Union(documented).OrderBy(k => k, StringComparer.Ordinal).ToList();
            var classes = new HashSet<Type>();
            foreach (var kind in kinds)
            {
                var e = KooperacjeException.Create("X", kind, "area", "message", "komunikat", null, null);
                var pascal = string.Concat(kind.Split('_').Select(w => char.ToUpperInvariant(w[0]) + w.Substring(1)));
                Assert.Equal("Kooperacje" + pascal + "Exception", e.GetType().Name, "the class of kind " + kind);
                Assert.True(classes.Add(e.GetType()), "two kinds share " + e.GetType().Name);
                Assert.Equal(kind, e.Kind, "kind");
            }
            Assert.Equal(typeof(KooperacjeException), KooperacjeException.Create("X", "new_kind", "a", "m", "k", null, null).GetType(),
                "an unknown kind");
        }

        [Test("a command on an unknown ZZK is a not_found exception ZZK_NOT_FOUND with its Polish message")]
        static void UnknownZzk()
        {
            using (var session = Nowaks())
            {
                var e = Assert.Throws<KooperacjeNotFoundException>(
                    () => session.Execute(Command("2026-04-12T09:00:00Z", "propose_zzk_work", ", \"zzk_id\": \"zzk-none\"")), "execute");
                Assert.Equal("ZZK_NOT_FOUND", e.Code, "code");
                Assert.Equal("not_found", e.Kind, "kind");
                Assert.Contains("zzk-none", e.Message, "English message");
                Assert.Contains("Nie znaleziono", e.MessagePl, "Polish message");
                Assert.Equal(null, e.Index, "index");
                Assert.Equal(null, e.Line, "line");
            }
        }

        [Test("malformed JSON is a decode exception MALFORMED_JSON")]
        static void MalformedJson()
        {
            using (var session = new Session())
            {
                var e = Assert.Throws<KooperacjeDecodeException>(() => session.Execute("{not json"), "execute");
                Assert.Equal("MALFORMED_JSON", e.Code, "code");
                Assert.Equal("decode", e.Kind, "kind");
                Assert.True(e.MessagePl.StartsWith("Niepoprawny JSON"), "Polish message: " + e.MessagePl);
            }
        }

        [Test("a refused line of JSON lines gives its index and line, and nothing is applied")]
        static void RefusedJsonlLine()
        {
            var lines = File.ReadAllLines(Repo("tests/quickstart/pzk.jsonl"));
            using (var session = new Session())
            {
                // The third line registers the first line's PZK again.
                var e = Assert.Throws<KooperacjeConflictException>(
                    () => session.LoadJsonl(lines[0] + "\n" + lines[1] + "\n" + lines[0] + "\n"), "load");
                Assert.Equal("DUPLICATE_ID", e.Code, "code");
                Assert.Equal(2L, e.Index, "index");
                Assert.Equal(3L, e.Line, "line");
                Assert.Equal(0L, session.EventCount(), "events kept");
                Assert.Equal(new Session().StateJson(), session.StateJson(), "state");
                var garbage = Assert.Throws<KooperacjeDecodeException>(() => session.LoadJsonl(lines[0] + "\n\n{oops\n"), "load");
                Assert.Equal(3L, garbage.Line, "line of the garbage (after a blank line)");
            }
        }

        [Test("a refused event of a JSON array gives its index, and nothing is applied")]
        static void RefusedBatch()
        {
            var lines = File.ReadAllLines(Repo("tests/quickstart/pzk.jsonl"));
            using (var session = new Session())
            {
                var e = Assert.Throws<KooperacjeConflictException>(
                    () => session.Apply("[" + lines[0] + ", " + lines[1] + ", " + lines[0] + "]"), "apply");
                Assert.Equal(2L, e.Index, "index");
                Assert.Equal(null, e.Line, "line");
                Assert.Equal(0L, session.EventCount(), "events kept");
                Assert.Equal(2L, session.Apply("[" + lines[0] + ", " + lines[1] + "]"), "applied");
            }
        }

        [Test("a refused command changes nothing")]
        static void RefusedCommandChangesNothing()
        {
            using (var session = Nowaks())
            {
                var before = session.StateJson();
                var count = session.EventCount();
                // Work proposed again to a family already invited to the first meeting: a stage
                // refusal; and the same by someone of no role: forbidden.
                var again = Command("2026-04-12T09:00:00Z", "propose_zzk_work", ", \"zzk_id\": \"zzk-2026-0021\"");
                var e = Assert.Throws<KooperacjeStageException>(() => session.Execute(again), "execute");
                Assert.Equal("ZZK_WRONG_STAGE", e.Code, "code");
                Assert.Contains("Zaproszenie na pierwsze spotkanie", e.MessagePl, "the stage's Polish label in the message");
                var forbidden = Assert.Throws<KooperacjeForbiddenException>(() => session.Execute(again.Replace("u-0012", "nobody")), "execute");
                Assert.Equal("ACTOR_NOT_PERMITTED", forbidden.Code, "code");
                Assert.Equal(before, session.StateJson(), "state");
                Assert.Equal(count, session.EventCount(), "events");
            }
        }

        [Test("the panic trigger gives an internal exception INTERNAL_ERROR, and the next call works")]
        static void Panic()
        {
            using (var session = new Session())
            {
                try
                {
                    ArmPanic(true);
                    var e = Assert.Throws<KooperacjeInternalException>(() => session.StateJson(), "state");
                    Assert.Equal("INTERNAL_ERROR", e.Code, "code");
                    Assert.Equal("internal", e.Kind, "kind");
                    Assert.True(e.MessagePl.Length > 0, "a Polish message");
                    ArmPanic(true);
                    Assert.Throws<KooperacjeInternalException>(() => Library.CatalogueJson(), "catalogue");
                }
                finally
                {
                    ArmPanic(false);
                }
                Assert.Contains("\"errors\"", Library.CatalogueJson(), "the catalogue after the panic");
            }
        }

        [DllImport("kooperacje_c", EntryPoint = "kooperacje_test_arm_panic", CallingConvention = CallingConvention.Cdecl)]
        [return: MarshalAs(UnmanagedType.I1)]
        static extern bool ArmPanic([MarshalAs(UnmanagedType.I1)] bool armed);

        // ---- ownership and threads ----

        [Test("a disposed session throws ObjectDisposedException; disposing twice does nothing")]
        static void UseAfterDispose()
        {
            var session = Nowaks();
            session.Dispose();
            Assert.Throws<ObjectDisposedException>(() => session.StateJson(), "state");
            Assert.Throws<ObjectDisposedException>(() => session.Execute(QuickStartMeeting), "execute");
            Assert.Throws<ObjectDisposedException>(() => session.EventCount(), "count");
            session.Dispose();
        }

        [Test("a text holding NUL is refused before it reaches the library")]
        static void NulInText()
        {
            using (var session = new Session())
                Assert.Throws<ArgumentException>(() => session.Execute("{}\0{}"), "execute");
            Assert.Throws<ArgumentNullException>(() => Library.CanonicalJson(null), "null");
        }

        [Test("one session used from four threads at once: commands and reads, the state as if one after another")]
        static void Threads()
        {
            const int threads = 4, each = 5;
            Func<int, int, string> need = (t, k) => Command("2026-04-12T09:00:00Z", "report_need",
                ", \"zzk_id\": \"zzk-t" + t + "-" + k + "\", \"partnership_id\": \"pzk-1\", \"client\": {\"kind\": \"family\", " +
                "\"household\": [\"os-t" + t + "-" + k + "\"], \"group_kind\": null}, \"social_worker\": \"u-0012\"");
            using (var shared = Nowaks())
            using (var sequential = Nowaks())
            {
                var errors = new List<Exception>();
                var start = new ManualResetEventSlim(false);
                var workers = Enumerable.Range(0, threads).Select(t => new Thread(() =>
                {
                    try
                    {
                        start.Wait();
                        for (int k = 0; k < each; k++)
                        {
                            shared.Execute(need(t, k));
                            Assert.Contains("zzk-t" + t + "-" + k, shared.StateJson(), "own ZZK in the state");
                            Assert.Equal("first_meeting_invited", Json<Zzk>(shared.ZzkJson("zzk-2026-0021")).Stage, "stage");
                            shared.Registry("pzk-1");
                        }
                    }
                    catch (Exception e)
                    {
                        lock (errors) errors.Add(e);
                    }
                })).ToList();
                workers.ForEach(w => w.Start());
                start.Set();
                workers.ForEach(w => w.Join());
                Assert.True(errors.Count == 0, string.Join("\n", errors.Select(e => e.GetType().Name + ": " + e.Message)));
                for (int t = 0; t < threads; t++)
                    for (int k = 0; k < each; k++) sequential.Execute(need(t, k));
                Assert.Equal(sequential.EventCount(), shared.EventCount(), "events");
                Assert.Equal(sequential.StateJson(), shared.StateJson(), "state");
            }
        }

        // ---- each call ----

        [Test("the quick start's steps bring the ZZK to 'active', labelled Praca ZZK")]
        static void QuickStartSteps()
        {
            using (var session = Nowaks())
            {
                Assert.Equal("first_meeting_invited", Json<Zzk>(session.ZzkJson("zzk-2026-0021")).Stage, "stage before");
                session.Execute(QuickStartMeeting);
                var stage = Json<Zzk>(session.ZzkJson("zzk-2026-0021")).Stage;
                Assert.Equal("active", stage, "stage");
                Assert.Equal("Praca ZZK", Library.Label("ZzkStage", stage, "pl"), "label");
            }
        }

        [Test("labels in both languages (the header's example), and an unknown code is MALFORMED_JSON")]
        static void Labels()
        {
            Assert.Equal("Zawieszony", Library.Label("ZzkStage", "suspended", "pl"), "pl");
            Assert.True(Library.Label("ZzkStage", "suspended", "en").Length > 0, "en");
            var e = Assert.Throws<KooperacjeDecodeException>(() => Library.Label("ZzkStage", "nope", "pl"), "unknown code");
            Assert.Equal("MALFORMED_JSON", e.Code, "code");
        }

        [Test("canonical JSON: members sorted, two spaces, a final line feed; Polish letters kept")]
        static void CanonicalJson()
        {
            Assert.Equal("{\n  \"a\": [\n    1,\n    2\n  ],\n  \"b\": \"żółć\"\n}\n", Library.CanonicalJson("{\"b\":\"żółć\",\"a\":[1,2]}"), "canonical");
            Assert.Throws<KooperacjeDecodeException>(() => Library.CanonicalJson("{"), "not JSON");
        }

        [Test("events: loaded from JSON lines, counted, written back and replayed to the same state")]
        static void EventsRoundTrip()
        {
            var logLines = File.ReadAllLines(Repo("tests/quickstart/pzk.jsonl")).Length;
            var commands = File.ReadAllLines(Repo("tests/quickstart/zzk.jsonl")).Length;
            using (var session = Nowaks())
            {
                Assert.True(session.EventCount() >= logLines + commands, "events: " + session.EventCount());
                var jsonl = session.EventsJsonl();
                Assert.Equal(session.EventCount(), (long)jsonl.Split(new[] { '\n' }, StringSplitOptions.RemoveEmptyEntries).Length, "lines");
                using (var replayed = Session.FromJsonl(jsonl))
                {
                    Assert.Equal(session.StateJson(), replayed.StateJson(), "state");
                    Assert.Equal(session.EventCount(), replayed.EventCount(), "events");
                }
                using (var light = Session.FromJsonl(jsonl, false))
                {
                    Assert.Equal(session.StateJson(), light.StateJson(), "state without events kept");
                    Assert.Equal(0L, light.EventCount(), "events kept");
                    Assert.Equal("", light.EventsJsonl(), "events written");
                }
            }
        }

        [Test("decide yields the events execute then applies, and changes nothing itself")]
        static void Decide()
        {
            using (var session = Nowaks())
            using (var other = Nowaks())
            {
                var before = session.StateJson();
                var count = session.EventCount();
                var decided = session.Decide(QuickStartMeeting);
                Assert.Equal(before, session.StateJson(), "state after decide");
                Assert.Equal(count, session.EventCount(), "events after decide");
                Assert.Equal(decided, session.Execute(QuickStartMeeting), "executed events");
                Assert.True(session.EventCount() > count, "events after execute");
                Assert.Equal(session.EventCount() - count, other.Apply(decided), "applied elsewhere");
                Assert.Equal(session.StateJson(), other.StateJson(), "state of the session the events were applied to");
            }
        }

        [Test("Polish text crosses both ways as UTF-8 (the PZK's name from the log)")]
        static void Utf8()
        {
            using (var session = Nowaks())
            {
                Assert.Contains("\"name\":\"PZK Miasto Przykładowe\"", session.PartnershipJson("pzk-1"), "partnership");
                var e = Assert.Throws<KooperacjeNotFoundException>(() => session.PartnershipJson("pzk-żółw"), "unknown PZK");
                Assert.Equal("PARTNERSHIP_NOT_FOUND", e.Code, "code");
                Assert.Contains("pzk-żółw", e.Message, "the id in the message");
            }
        }

        [Test("reports: registry, indicators, overdue, monitoring, basket search")]
        static void Reports()
        {
            using (var session = Nowaks())
            {
                var registry = Json<RegistryEntry[]>(session.Registry("pzk-1"));
                Assert.Equal("zzk-2026-0021", string.Join(",", registry.Select(r => r.ZzkId)), "registry");
                Assert.Equal("first_meeting_invited", registry[0].Stage, "stage in the registry");
                Assert.Equal("consent_obtained", Json<RegistryEntry[]>(session.Registry("pzk-1", "2026-04-06"))[0].Stage, "stage on 6 April");
                Assert.Equal("PARTNERSHIP_NOT_FOUND", Assert.Throws<KooperacjeNotFoundException>(() => session.Registry("pzk-9"), "registry").Code, "code");
                Assert.Contains("\"zzks_appointed\":1", session.Indicators("pzk-1", "2026-04-30"), "indicators");
                Assert.True(session.Overdue("2026-04-30").StartsWith("["), "overdue is a list");
                Assert.True(session.Monitoring("pzk-1", "2026-04").StartsWith("["), "monitoring is a list");
                Assert.Equal("BAD_PERIOD", Assert.Throws<KooperacjeInvalidException>(() => session.Monitoring("pzk-1", "2026-13"), "monitoring").Code, "code");
                var hits = Json<Hit[]>(session.SearchBasket("pzk-1", "{\"text\": \"PIELEGNIARKI\"}"));
                Assert.True(hits.Any(h => h.ServiceId == "svc-nurse"), "search ignores case and diacritics: " + string.Join(",", hits.Select(h => h.ServiceId)));
                Assert.True(Json<Hit[]>(session.SearchBasket("pzk-1", "{}")).Length > hits.Length, "{} finds everything");
            }
        }

        [Test("read: the OPS head sees the ZZK, another social worker gets a refusal as an answer")]
        static void Read()
        {
            const string subject = "{\"subject\": \"zzk\", \"zzk_id\": \"zzk-2026-0021\"}";
            using (var session = Nowaks())
            {
                var head = Json<ReadAnswer>(session.Read("{\"role\": \"ops_head\", \"partnership_id\": \"pzk-1\"}", subject, "2026-04-12T09:00:00Z"));
                Assert.Equal("granted", head.Record.Outcome, "outcome");
                Assert.Equal(null, head.Refusal, "refusal");
                var other = Json<ReadAnswer>(session.Read("{\"role\": \"social_worker\", \"person\": \"sw-other\"}", subject, "2026-04-12T09:00:00Z",
                    "{\"persons\": [], \"notes\": []}", Encoding.UTF8.GetBytes("a key the OPS keeps")));
                Assert.Equal("denied", other.Record.Outcome, "outcome");
                Assert.Equal("ACCESS_DENIED", other.Refusal.Code, "refusal");
                Assert.True(other.Refusal.MessagePl.Length > 0, "Polish refusal");
                Assert.Throws<KooperacjeDecodeException>(() => session.Read("{\"role\": \"nobody\"}", subject, "2026-04-12T09:00:00Z"), "bad viewer");
            }
        }

        [Test("consent receipts: of a consent, and of the event that gave it (null for another event)")]
        static void Receipts()
        {
            using (var session = Session.FromJsonl(ReadText("tests/quickstart/pzk.jsonl")))
            {
                var commands = File.ReadAllLines(Repo("tests/quickstart/zzk.jsonl"));
                string consentEvent = null, otherEvent = null;
                foreach (var command in commands)
                {
                    session.Execute(command);
                    var last = session.EventsJsonl().TrimEnd('\n').Split('\n').Last();
                    if (command.Contains("\"give_consent\"")) consentEvent = last;
                    else otherEvent = last;
                }
                Assert.True(consentEvent != null, "zzk.jsonl gives consent");
                var receipt = session.ReceiptForEvent(consentEvent, "pl");
                Assert.Contains("zzk-2026-0021/zg-0021", receipt, "the receipt's record");
                Assert.Contains("\"language\":\"pl\"", receipt, "language");
                Assert.Equal("null", session.ReceiptForEvent(otherEvent, "pl"), "another event");
                var copy = session.ConsentReceipt("zzk-2026-0021", "zg-0021", "2026-04-12T09:00:00Z", "en");
                Assert.Contains("\"issued_at\":\"2026-04-12T09:00:00Z\"", copy, "issued at");
                Assert.Contains("\"language\":\"en\"", copy, "language");
            }
        }

        [Test("pseudonyms: ps- and 32 hex digits, the same for the same key; a short key is refused")]
        static void Pseudonyms()
        {
            var key = Encoding.UTF8.GetBytes("a key the OPS keeps from its analysts");
            var a = Library.Pseudonym(key, "person", "os-000731");
            Assert.True(System.Text.RegularExpressions.Regex.IsMatch(a, "^ps-[0-9a-f]{32}$"), "form: " + a);
            Assert.Equal(a, Library.Pseudonym((byte[])key.Clone(), "person", "os-000731"), "the same");
            Assert.True(a != Library.Pseudonym(key, "person", "os-000732"), "another id, another pseudonym");
            Assert.Equal("PSEUDONYM_KEY_INVALID", Assert.Throws<KooperacjeInvalidException>(() => Library.Pseudonym(new byte[15], "person", "x"), "short").Code, "code");
        }

        [Test("basket: exported as Excel and CSV, its own CSV imported back changes nothing, bad files refused")]
        static void Basket()
        {
            using (var session = Nowaks())
            {
                var xlsx = session.BasketExport("pzk-1", "xlsx");
                Assert.True(xlsx.Length > 4 && xlsx[0] == (byte)'P' && xlsx[1] == (byte)'K', "an Excel file is a zip");
                var csv = session.BasketExport("pzk-1", "csv");
                Assert.Contains("Wizyty pielęgniarki środowiskowej", Encoding.UTF8.GetString(csv), "the service's name");
                var before = session.StateJson();
                var report = session.BasketImport("pzk-1", csv, "csv", "2026-04-12T09:00:00Z", "ops-head", "check", false);
                Assert.Contains("\"partnership_id\":\"pzk-1\"", report, "report");
                Assert.Equal(before, session.StateJson(), "state after importing the basket's own sheet");
                Assert.Equal("UNKNOWN_FORMAT", Assert.Throws<KooperacjeInvalidException>(() => session.BasketExport("pzk-1", "doc"), "format").Code, "code");
                var bad = Assert.Throws<KooperacjeInvalidException>(
                    () => session.BasketImport("pzk-1", Encoding.UTF8.GetBytes("a,b\n1,2\n"), "csv", "2026-04-12T09:00:00Z", "ops-head", null, false), "import");
                Assert.Equal("BAD_FILE", bad.Code, "code");
                Assert.Equal(before, session.StateJson(), "state after a refused file");
            }
        }
    }
}
