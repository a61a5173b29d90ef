// SPDX-License-Identifier: EUPL-1.2
using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;

namespace Kooperacje
{
    /// <summary>
    /// Carries out the commands of a scenario for <see cref="Library.RunScenario"/>: usually over
    /// a fresh <see cref="Session"/> (its Execute and StateJson), so that the conformance files
    /// test the host's own way into the library.
    /// </summary>
    public interface IScenarioDriver
    {
        /// <summary>Executes a command (its JSON text); returns the events' JSON array, or
        /// throws the session's <see cref="KooperacjeException"/> for a refused command (its
        /// code is what the scenario expects). Any other exception becomes INTERNAL_ERROR.</summary>
        string Execute(string commandJson);

        /// <summary>The driver's canonical state as JSON text.</summary>
        string State();
    }

    /// <summary>What <see cref="Library.RunScenario"/> found.</summary>
    public sealed class ScenarioResult
    {
        /// <summary>The canonical result: the text of <c>target/conformance/&lt;language&gt;/NAME.json</c>,
        /// the same bytes in every language when they agree.</summary>
        public string Canonical { get; private set; }

        /// <summary>The number of mismatches against the scenario's expectations; 0 when it passed.</summary>
        public int FailureCount { get; private set; }

        /// <summary>Every mismatch against the scenario's expectations (one may span lines);
        /// empty when it passed.</summary>
        public IReadOnlyList<string> Failures { get; private set; }

        /// <summary>Whether the scenario met every expectation.</summary>
        public bool Passed { get { return FailureCount == 0; } }

        internal ScenarioResult(string canonical, IReadOnlyList<string> failures)
        {
            Canonical = canonical;
            FailureCount = failures.Count;
            Failures = failures;
        }
    }

    /// <summary>What belongs to the library rather than to a session: versions, the catalogue
    /// of labels and error codes, canonical JSON, pseudonyms and the scenario runner.</summary>
    public static class Library
    {
        /// <summary>The ABI version this wrapper was written for; a library of another refuses
        /// to be used (<see cref="NotSupportedException"/>) at its first session.</summary>
        public const uint WrittenForAbiVersion = Native.AbiVersion;

        /// <summary>The library's ABI version (KOOPERACJE_ABI_VERSION of its header).</summary>
        public static uint AbiVersion { get { return Native.kooperacje_abi_version(); } }

        /// <summary>The library's version, e.g. <c>"0.1.0"</c>.</summary>
        public static string Version { get { return Native.Decode(Native.kooperacje_version()); } }

        /// <summary>The version of the events' JSON form the library writes (every event's <c>schema</c>).</summary>
        public static uint EventSchemaVersion { get { return Native.kooperacje_event_schema_version(); } }

        /// <summary>Every labelled enum with its codes and Polish and English labels, and every
        /// error code with its area and kind, as JSON (<c>{"enums": {…}, "errors": [{"code",
        /// "area", "kind"}, …]}</c>).</summary>
        public static string CatalogueJson()
        {
            Native.EnsureAbi();
            IntPtr text, error;
            var status = Native.kooperacje_catalogue(out text, out error);
            return Native.Text(status, text, error);
        }

        /// <summary>The label of one value of a labelled enum in <paramref name="lang"/>
        /// (<c>"pl"</c> or <c>"en"</c>): <c>("ZzkStage", "suspended", "pl")</c> is
        /// <c>"Zawieszony"</c>. <c>MALFORMED_JSON</c> for an unknown enum, code or language.</summary>
        public static string Label(string enumName, string code, string lang)
        {
            Native.EnsureAbi();
            IntPtr text, error;
            var status = Native.kooperacje_label(Native.Required(enumName, "enumName"), Native.Required(code, "code"),
                Native.Required(lang, "lang"), out text, out error);
            return Native.Text(status, text, error);
        }

        /// <summary>A JSON text in the conformance files' canonical form: members sorted by
        /// name, two spaces of indentation, a final line feed.</summary>
        public static string CanonicalJson(string jsonText)
        {
            Native.EnsureAbi();
            IntPtr text, error;
            var status = Native.kooperacje_canonical_json(Native.Required(jsonText, "jsonText"), out text, out error);
            return Native.Text(status, text, error);
        }

        /// <summary>The value at a JSON Pointer (RFC 6901, <c>"/stage"</c>) of a JSON text the
        /// library gave: a string as its text, any other value as its JSON text, null when the
        /// pointer finds nothing.</summary>
        public static string JsonPointer(string jsonText, string pointer)
        {
            Native.EnsureAbi();
            IntPtr value, error;
            var status = Native.kooperacje_json_pointer(Native.Required(jsonText, "jsonText"),
                Native.Required(pointer, "pointer"), out value, out error);
            return Native.Text(status, value, error);
        }

        /// <summary>The keyed pseudonym of an id as analysts see it (<c>ps-</c> and 32 hex
        /// digits; the same in every language for the same key, kind and id). The key has at
        /// least 16 bytes.</summary>
        public static string Pseudonym(byte[] key, string kind, string id)
        {
            if (key == null) throw new ArgumentNullException("key");
            Native.EnsureAbi();
            IntPtr text, error;
            var status = Native.kooperacje_pseudonym(key, new UIntPtr((ulong)key.Length), Native.Required(kind, "kind"),
                Native.Required(id, "id"), out text, out error);
            return Native.Text(status, text, error);
        }

        /// <summary>Runs a scenario file (its JSON text) through <paramref name="driver"/>,
        /// which must start from an empty session, with the fixtures given as
        /// <c>{"&lt;fixture name&gt;": {…}, …}</c>. The library's runner reads the file and judges the
        /// results; this only carries each command to the driver and its answer back.
        /// <c>MALFORMED_JSON</c> for a text that is not a scenario.</summary>
        public static ScenarioResult RunScenario(string scenarioJson, string fixturesJson, IScenarioDriver driver)
        {
            if (driver == null) throw new ArgumentNullException("driver");
            Native.EnsureAbi();
            var scenario = Native.Required(scenarioJson, "scenarioJson");
            var fixtures = Native.Required(fixturesJson, "fixturesJson");
            // The driver travels as user data, so the callbacks can be static methods (what
            // ahead-of-time compiled runtimes require of a function pointer).
            var pinned = GCHandle.Alloc(driver);
            try
            {
                IntPtr canonical, failures, error;
                UIntPtr count;
                var status = Native.kooperacje_run_scenario(scenario, fixtures, ExecuteThunk, StateThunk,
                    GCHandle.ToIntPtr(pinned), out canonical, out failures, out count, out error);
                GC.KeepAlive(ExecuteThunk);
                GC.KeepAlive(StateThunk);
                Native.Check(status, error);
                var text = Native.Take(canonical);
                // A JSON array of texts, read item by item with the library's JSON Pointer.
                var listed = Native.Take(failures);
                var each = new string[checked((int)count.ToUInt64())];
                for (int i = 0; i < each.Length; i++)
                    each[i] = JsonPointer(listed, "/" + i);
                return new ScenarioResult(text, each);
            }
            finally
            {
                pinned.Free();
            }
        }

        // The callbacks' delegates, held for the life of the program: the native runner calls
        // them through pointers the garbage collector cannot see.
        private static readonly Native.ExecuteCallback ExecuteThunk = OnExecute;
        private static readonly Native.StateCallback StateThunk = OnState;

        /// <summary>The execute callback. No exception may unwind into the library: a refusal is
        /// answered with its code, anything else with INTERNAL_ERROR and what it was.</summary>
        private static void OnExecute(IntPtr userData, IntPtr commandJson, IntPtr reply)
        {
            IntPtr error = IntPtr.Zero;
            try
            {
                var driver = (IScenarioDriver)GCHandle.FromIntPtr(userData).Target;
                string events;
                try
                {
                    events = driver.Execute(Native.Decode(commandJson));
                }
                catch (KooperacjeException refused)
                {
                    Native.kooperacje_reply_error(reply, Native.Utf8(refused.Code ?? "INTERNAL_ERROR", "code"),
                        Native.Utf8(Printable(refused.Message), "message"), out error);
                    return;
                }
                Native.kooperacje_reply_ok(reply, Native.Utf8(events ?? "null", "events"), out error);
            }
            catch (Exception bug)
            {
                try
                {
                    Native.kooperacje_error_free(error);
                    error = IntPtr.Zero;
                    Native.kooperacje_reply_error(reply, Native.Utf8("INTERNAL_ERROR", "code"),
                        Native.Utf8(Printable("the C# driver threw " + bug.GetType().FullName + ": " + bug.Message), "message"),
                        out error);
                }
                catch
                {
                    // Nothing may cross into native code; the runner reports a command left unanswered.
                }
            }
            finally
            {
                Native.kooperacje_error_free(error);
            }
        }

        /// <summary>The state callback. On an exception it gives no answer, which the runner
        /// takes as the state <c>null</c> and reports as a failure.</summary>
        private static void OnState(IntPtr userData, IntPtr reply)
        {
            IntPtr error = IntPtr.Zero;
            try
            {
                var driver = (IScenarioDriver)GCHandle.FromIntPtr(userData).Target;
                var state = driver.State();
                if (state != null) Native.kooperacje_reply_ok(reply, Native.Utf8(state, "state"), out error);
            }
            catch
            {
                // Nothing may cross into native code.
            }
            finally
            {
                Native.kooperacje_error_free(error);
            }
        }

        /// <summary>A message without NUL, which C texts cannot hold.</summary>
        private static string Printable(string message)
        {
            return (message ?? "").Replace('\0', ' ');
        }
    }
}
