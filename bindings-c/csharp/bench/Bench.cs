// SPDX-License-Identifier: EUPL-1.2
//
// kooperacje through the C# wrapper (Mono) against the ZZK lifecycle written as a plain C# state
// machine (LifecycleMachine.cs), on the same work:
//
// 1. per command: the families' commands of the core's sample lifecycle (21 a family) through
//    Session.Execute(json), after the PZK's own commands (untimed), and through the peer's
//    transitions (each command parsed by Json.NET before timing); best of Repeats runs;
// 2. bulk replay: the core's sample municipality (JSON lines, ~15 events a family with the
//    PZK's own) into a registry of the ZZKs, by kooperacje (the file's bytes given at once to
//    Session.LoadJsonl of a session that keeps no events; then Registry and
//    Indicators as JSON text; the time Json.NET then takes to parse the registry text is shown
//    apart, with the ratio it gives) and by the peer (File.ReadLines, JObject.Parse, one Family
//    per ZZK). Both must give the same number of ZZKs in each stage, in all and among the
//    appointed ones (the registry), and the same team sizes and suspensions,
//    else the run fails (exit 1).
//
// Prints the figures and the ratio (target: kooperacje >= 5x faster); never asserts timings.
// Writes the figures as "name value" lines to RESULTS for scripts/bench-c's summary.
// Usage: mono Bench.exe LIFECYCLE.json MUNICIPALITY.jsonl RESULTS (scripts/bench-c makes them).
using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace Kooperacje.Bench
{
    static class Bench
    {
        const int Repeats = 5;
        const int BulkRepeats = 2;
        const double Target = 5;
        const string Partnership = "pzk-sample";
        const string AsOf = "2026-12-31";

        static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;
        static StreamWriter results;

        static int Main(string[] args)
        {
            if (args.Length != 3)
            {
                Console.Error.WriteLine("usage: mono Bench.exe LIFECYCLE.json MUNICIPALITY.jsonl RESULTS");
                return 2;
            }
            using (results = new StreamWriter(args[2]))
            {
                Console.WriteLine("kooperacje {0} (C interface, C# wrapper on Mono {1}) against a plain C# state machine (Json.NET {2})",
                    Library.Version, MonoVersion(), FileVersionInfo.GetVersionInfo(typeof(JObject).Assembly.Location).FileVersion);
                PerCommand(args[0]);
                return BulkReplay(args[1]) ? 0 : 1;
            }
        }

        static string MonoVersion()
        {
            var type = Type.GetType("Mono.Runtime");
            var name = type == null ? null : type.GetMethod("GetDisplayName", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static);
            return name == null ? Environment.Version.ToString() : ((string)name.Invoke(null, null)).Split(' ')[0];
        }

        static void Row(string label, string figure)
        {
            Console.WriteLine("  {0,-40}{1}", label, figure);
        }

        static void Result(string name, double value)
        {
            results.WriteLine("{0} {1}", name, value.ToString("R", Invariant));
        }

        static double Best(int repeats, Func<double> run)
        {
            var best = double.PositiveInfinity;
            for (var i = 0; i < repeats; i++) best = Math.Min(best, run());
            return best;
        }

        // 1. Per command.

        static void PerCommand(string lifecycleFile)
        {
            JObject lifecycle;
            using (var reader = new JsonTextReader(new StreamReader(lifecycleFile)) { DateParseHandling = DateParseHandling.None })
                lifecycle = JObject.Load(reader);
            var partnership = lifecycle["partnership"].Select(c => CoreOrder((JObject)c)).ToArray();
            var families = (JArray)lifecycle["families"];
            var texts = families.Select(c => CoreOrder((JObject)c)).ToArray();
            var acts = families.Select(c => Act.FromCommand((JObject)c)).ToArray();
            var n = texts.Length;

            Func<double> ours = () =>
            {
                using (var session = new Session(true))
                {
                    foreach (var c in partnership) session.Execute(c);
                    var watch = Stopwatch.StartNew();
                    foreach (var c in texts) session.Execute(c);
                    return watch.Elapsed.TotalSeconds;
                }
            };
            Func<double> theirs = () =>
            {
                var registry = new Registry();
                var watch = Stopwatch.StartNew();
                foreach (var act in acts) registry.Handle(act);
                var seconds = watch.Elapsed.TotalSeconds;
                var stages = registry.Families.Values.Select(f => f.Stage).Distinct().ToArray();
                if (stages.Length != 1 || stages[0] != Stage.Closed)
                    throw new InvalidOperationException("the peer did not close every family: " + string.Join(", ", stages));
                return seconds;
            };
            var oursUs = Best(Repeats, ours) / n * 1e6;
            var theirsUs = Best(Repeats, theirs) / n * 1e6;

            Console.WriteLine();
            Console.WriteLine("Per command: {0:N0} families x 21 commands = {1:N0} commands (best of {2}; the peer's parsed before timing)",
                n / 21, n, Repeats);
            Row("kooperacje, Session.Execute(json)", string.Format(Invariant, "{0,8:F2} µs/command", oursUs));
            Row("C# peer, LifecycleMachine.Fire", string.Format(Invariant, "{0,8:F2} µs/command", theirsUs));
            Row("peer / kooperacje", string.Format(Invariant, "{0,8:F2}x", theirsUs / oursUs));
            Result("execute_us", oursUs);
            Result("peer_us", theirsUs);
        }

        /// <summary>A command as JSON text with its fields in the core's order, <c>type</c>
        /// first (as the quick start writes it and the Rust overhead bench sends it): the sample
        /// file's keys are sorted, which puts <c>type</c> last and costs the core's decoder
        /// about 1 µs a command for buffering the fields before it knows the command.</summary>
        static string CoreOrder(JObject envelope)
        {
            var fields = (JObject)envelope["command"];
            var command = new JObject(new JProperty("type", fields["type"]));
            foreach (var p in fields.Properties())
                if (p.Name != "type") command.Add(p.Name, p.Value);
            return new JObject(new JProperty("at", envelope["at"]), new JProperty("actor", envelope["actor"]),
                new JProperty("command", command)).ToString(Formatting.None);
        }

        // 2. Bulk replay.

        /// <summary>What one side's registry says, for the check.</summary>
        sealed class Outcome
        {
            public double Seconds;
            /// <summary>Ours: the registry text parsed by Json.NET, apart from <see cref="Seconds"/>.</summary>
            public double ParseSeconds;
            public long Events;
            public int Zzks;
            public SortedDictionary<string, int> Stages;
            public SortedDictionary<string, int> AppointedStages;
            public long Members;
            public long Suspensions;
        }

        static string Show(SortedDictionary<string, int> counts)
        {
            return "{" + string.Join(", ", counts.Select(kv => kv.Key + ": " + kv.Value)) + "}";
        }

        /// <summary>Loads the whole log (its bytes, as a vendor reads a file) into a session that
        /// keeps no events, then reads its registry and indicators.</summary>
        static Outcome Ours(string file)
        {
            var watch = Stopwatch.StartNew();
            long events = 0;
            string registryText, indicatorsText;
            using (var session = new Session(false))
            {
                events += session.LoadJsonl(File.ReadAllBytes(file));
                registryText = session.Registry(Partnership, null);
                indicatorsText = session.Indicators(Partnership, AsOf);
            }
            var seconds = watch.Elapsed.TotalSeconds;
            watch.Restart();
            var registry = JArray.Parse(registryText);
            var parseSeconds = watch.Elapsed.TotalSeconds;

            var outcome = new Outcome { Seconds = seconds, ParseSeconds = parseSeconds, Events = events };
            var byStage = (JObject)JObject.Parse(indicatorsText)["zzks_by_stage"];
            outcome.Stages = new SortedDictionary<string, int>(StringComparer.Ordinal);
            foreach (var p in byStage.Properties())
                if ((int)p.Value > 0) outcome.Stages[p.Name] = (int)p.Value;
            outcome.Zzks = outcome.Stages.Values.Sum();
            outcome.AppointedStages = Count(registry.Select(e => (string)e["stage"]));
            outcome.Members = registry.Sum(e => (long)e["members"]);
            outcome.Suspensions = registry.Sum(e => (long)e["suspensions"]);
            return outcome;
        }

        static Outcome Theirs(string file)
        {
            var watch = Stopwatch.StartNew();
            var rows = Registry.ReplayJsonl(file).Rows();
            var seconds = watch.Elapsed.TotalSeconds;
            var appointed = rows.Where(r => r.AppointedOn != null).ToList();
            return new Outcome
            {
                Seconds = seconds,
                Zzks = rows.Count,
                Stages = Count(rows.Select(r => r.Stage)),
                AppointedStages = Count(appointed.Select(r => r.Stage)),
                Members = appointed.Sum(r => (long)r.Members),
                Suspensions = appointed.Sum(r => (long)r.Suspensions),
            };
        }

        static SortedDictionary<string, int> Count(IEnumerable<string> stages)
        {
            var counts = new SortedDictionary<string, int>(StringComparer.Ordinal);
            foreach (var s in stages)
            {
                int n;
                counts.TryGetValue(s, out n);
                counts[s] = n + 1;
            }
            return counts;
        }

        static bool BulkReplay(string file)
        {
            Outcome a = null, b = null;
            for (var i = 0; i < BulkRepeats; i++)
            {
                var run = Ours(file);
                if (a == null || run.Seconds < a.Seconds) a = run;
                GC.Collect();
            }
            for (var i = 0; i < BulkRepeats; i++)
            {
                var run = Theirs(file);
                if (b == null || run.Seconds < b.Seconds) b = run;
                GC.Collect();
            }
            Func<double, string> rate = s => string.Format(Invariant, "{0,8:F2} s {1,12:N0} events/s", s, a.Events / s);
            var ratio = b.Seconds / a.Seconds;
            Console.WriteLine();
            Console.WriteLine("Bulk replay: {0:N0} families, {1:N0} events (JSON lines) into a registry (best of {2})",
                a.Zzks, a.Events, BulkRepeats);
            Row("kooperacje LoadJsonl + registry (text)", rate(a.Seconds));
            Row("  then the registry parsed (Json.NET)", string.Format(Invariant, "{0,8:F2} s", a.ParseSeconds));
            Row("C# peer (Json.NET + LifecycleMachine)", rate(b.Seconds));
            Row("peer / kooperacje", string.Format(Invariant, "{0,8:F1}x (target ≥ {1}x: {2})", ratio, Target, ratio >= Target ? "met" : "NOT met"));
            Row("  with the registry parsed", string.Format(Invariant, "{0,8:F1}x", b.Seconds / (a.Seconds + a.ParseSeconds)));
            Result("bulk_events", a.Events);
            Result("bulk_ours_s", a.Seconds);
            Result("bulk_peer_s", b.Seconds);
            Result("bulk_ratio", ratio);
            Result("bulk_parse_s", a.ParseSeconds);

            var mismatches = new List<string>();
            if (a.Zzks != b.Zzks) mismatches.Add(string.Format("kooperacje has {0} ZZKs, the peer {1}", a.Zzks, b.Zzks));
            if (Show(a.Stages) != Show(b.Stages))
                mismatches.Add("stage counts differ:\n  kooperacje " + Show(a.Stages) + "\n  peer       " + Show(b.Stages));
            if (Show(a.AppointedStages) != Show(b.AppointedStages))
                mismatches.Add("stage counts of the registry (appointed ZZKs) differ:\n  kooperacje " + Show(a.AppointedStages) + "\n  peer       " + Show(b.AppointedStages));
            if (a.Members != b.Members) mismatches.Add(string.Format("team members: kooperacje {0}, the peer {1}", a.Members, b.Members));
            if (a.Suspensions != b.Suspensions) mismatches.Add(string.Format("suspensions: kooperacje {0}, the peer {1}", a.Suspensions, b.Suspensions));
            foreach (var m in mismatches) Console.Error.WriteLine("\n!!! MISMATCH: " + m);
            if (mismatches.Count > 0) return false;
            Console.WriteLine("  check: {0:N0} ZZKs each ({1:N0} appointed, {2:N0} team members, {3:N0} suspensions), the same stage counts: {4}",
                a.Zzks, a.AppointedStages.Values.Sum(), a.Members, a.Suspensions, Show(a.Stages));
            return true;
        }
    }
}
