// SPDX-License-Identifier: EUPL-1.2
using System;
using System.Runtime.InteropServices;
using System.Text;

namespace Kooperacje
{
    /// <summary>
    /// Owns a session handle of the library. The handle is a <c>uint64_t</c> number, not a
    /// pointer; it is kept in the SafeHandle's IntPtr (64 bits on every platform .NET 8 ships
    /// for but 32-bit ones, where handles above 2^31 would not fit) so that the runtime frees it
    /// exactly once, even when a <see cref="Session"/> is never disposed, and never while a call
    /// made with it is running on another thread.
    /// </summary>
    internal sealed class SessionHandle : SafeHandle
    {
        internal SessionHandle(ulong session) : base(IntPtr.Zero, true)
        {
            SetHandle(new IntPtr(checked((long)session)));
        }

        public override bool IsInvalid { get { return handle == IntPtr.Zero; } }

        /// <summary>The number the library gave.</summary>
        internal ulong Number { get { return (ulong)handle.ToInt64(); } }

        protected override bool ReleaseHandle()
        {
            IntPtr error;
            var status = Native.kooperacje_session_free(Number, out error);
            Native.kooperacje_error_free(error);
            return status == Native.Status.Ok;
        }
    }

    /// <summary>
    /// A model of PZKs and ZZKs held by the library: commands executed, events applied, reports
    /// read, all as UTF-8 JSON texts (see bindings-c/include/kooperacje.h for each call). Dispose
    /// it to free it at once; a method called after <see cref="Dispose"/> throws
    /// <see cref="ObjectDisposedException"/>. One session may be used from several threads: the
    /// library serialises the calls. A refused call throws a <see cref="KooperacjeException"/>
    /// subclass and changes nothing.
    /// </summary>
    public sealed class Session : IDisposable
    {
        private readonly SessionHandle handle;

        /// <summary>An empty session. With <paramref name="keepEvents"/> false it keeps only the
        /// state, not the events (for large replays).</summary>
        public Session(bool keepEvents = true)
        {
            Native.EnsureAbi();
            ulong number;
            IntPtr error;
            Native.Check(Native.kooperacje_session_new(keepEvents, out number, out error), error);
            handle = new SessionHandle(number);
        }

        /// <summary>A session holding recorded events given as JSON lines (one envelope a line,
        /// as <see cref="EventsJsonl"/> writes them), admitted all or none.</summary>
        public static Session FromJsonl(string jsonl, bool keepEvents = true)
        {
            var session = new Session(keepEvents);
            try
            {
                session.LoadJsonl(jsonl);
                return session;
            }
            catch
            {
                session.Dispose();
                throw;
            }
        }

        /// <summary>Frees the session; later calls throw <see cref="ObjectDisposedException"/>.
        /// Calling it again does nothing.</summary>
        public void Dispose()
        {
            handle.Dispose();
        }

        /// <summary>Runs one call with the handle held: a Dispose on another thread waits for
        /// the handle's release until the call ends.</summary>
        private T With<T>(Func<ulong, T> call)
        {
            bool added = false;
            try
            {
                handle.DangerousAddRef(ref added);
                return call(handle.Number);
            }
            finally
            {
                if (added) handle.DangerousRelease();
            }
        }

        /// <summary>A call whose output is a text.</summary>
        private delegate Native.Status TextCall(ulong session, out IntPtr text, out IntPtr error);

        private string Text(TextCall call)
        {
            return With(session =>
            {
                IntPtr text, error;
                var status = call(session, out text, out error);
                return Native.Text(status, text, error);
            });
        }

        /// <summary>Decides a command (<c>{"at", "actor", "command": {"type", …}}</c>) and
        /// applies its events; returns them (a JSON array of envelopes), which the host stores.</summary>
        public string Execute(string commandJson)
        {
            var command = Native.Required(commandJson, "commandJson");
            return Text((ulong s, out IntPtr o, out IntPtr e) => Native.kooperacje_session_execute(s, command, out o, out e));
        }

        /// <summary>The events a command would yield (a JSON array), or its error; changes nothing.</summary>
        public string Decide(string commandJson)
        {
            var command = Native.Required(commandJson, "commandJson");
            return Text((ulong s, out IntPtr o, out IntPtr e) => Native.kooperacje_session_decide(s, command, out o, out e));
        }

        /// <summary>Admits and applies recorded events (a JSON array of envelopes), all or none:
        /// the exception of a refused one carries its <see cref="KooperacjeException.Index"/>.
        /// Returns the number applied.</summary>
        public long Apply(string eventsJson)
        {
            var events = Native.Required(eventsJson, "eventsJson");
            return With(session =>
            {
                UIntPtr count;
                IntPtr error;
                Native.Check(Native.kooperacje_session_apply(session, events, out count, out error), error);
                return (long)count.ToUInt64();
            });
        }

        /// <summary>Admits and applies recorded events given as JSON lines, all or none: the
        /// exception of a refused one carries its Index and Line. Returns the number applied.</summary>
        public long LoadJsonl(string jsonl)
        {
            if (jsonl == null) throw new ArgumentNullException("jsonl");
            return LoadJsonl(Encoding.UTF8.GetBytes(jsonl));
        }

        /// <summary><see cref="LoadJsonl(string)"/> for the log's UTF-8 bytes as they are, e.g.
        /// <c>File.ReadAllBytes</c>: no text to decode and encode again. A whole log given at once
        /// to an empty session is decoded on several threads.</summary>
        public long LoadJsonl(byte[] bytes)
        {
            if (bytes == null) throw new ArgumentNullException("bytes");
            return With(session =>
            {
                UIntPtr count;
                IntPtr error;
                var status = Native.kooperacje_session_load_jsonl(session, bytes, new UIntPtr((ulong)bytes.Length), out count, out error);
                Native.Check(status, error);
                return (long)count.ToUInt64();
            });
        }

        /// <summary>The canonical state (<c>{"partnerships": {…}, "zzks": {…}}</c>): the same
        /// text in every language for the same events.</summary>
        public string StateJson()
        {
            return Text(Native.kooperacje_session_state);
        }

        /// <summary>The events kept so far as JSON lines: what a host stores (empty for a
        /// session made without keeping events).</summary>
        public string EventsJsonl()
        {
            return Text(Native.kooperacje_session_events_jsonl);
        }

        /// <summary>The number of events kept.</summary>
        public long EventCount()
        {
            return With(session =>
            {
                UIntPtr count;
                IntPtr error;
                Native.Check(Native.kooperacje_session_event_count(session, out count, out error), error);
                return (long)count.ToUInt64();
            });
        }

        /// <summary>One PZK as JSON; <c>PARTNERSHIP_NOT_FOUND</c> when there is none.</summary>
        public string PartnershipJson(string partnershipId)
        {
            var id = Native.Required(partnershipId, "partnershipId");
            return Text((ulong s, out IntPtr o, out IntPtr e) => Native.kooperacje_session_partnership(s, id, out o, out e));
        }

        /// <summary>One ZZK (or case before appointment) as JSON; <c>ZZK_NOT_FOUND</c> when there is none.</summary>
        public string ZzkJson(string zzkId)
        {
            var id = Native.Required(zzkId, "zzkId");
            return Text((ulong s, out IntPtr o, out IntPtr e) => Native.kooperacje_session_zzk(s, id, out o, out e));
        }

        /// <summary>The ZZK registry of a PZK (a JSON array) on a day <c>YYYY-MM-DD</c>, or with
        /// <paramref name="asOf"/> null on the day of its latest event.</summary>
        public string Registry(string partnershipId, string asOf = null)
        {
            var id = Native.Required(partnershipId, "partnershipId");
            var day = Native.Utf8(asOf, "asOf");
            return Text((ulong s, out IntPtr o, out IntPtr e) => Native.kooperacje_session_registry(s, id, day, out o, out e));
        }

        /// <summary>The monitoring indicators of a PZK as of a day <c>YYYY-MM-DD</c>, as JSON.</summary>
        public string Indicators(string partnershipId, string asOf)
        {
            var id = Native.Required(partnershipId, "partnershipId");
            var day = Native.Required(asOf, "asOf");
            return Text((ulong s, out IntPtr o, out IntPtr e) => Native.kooperacje_session_indicators(s, id, day, out o, out e));
        }

        /// <summary>Everything overdue as of a day <c>YYYY-MM-DD</c>, in every PZK and ZZK, as JSON.</summary>
        public string Overdue(string asOf)
        {
            var day = Native.Required(asOf, "asOf");
            return Text((ulong s, out IntPtr o, out IntPtr e) => Native.kooperacje_session_overdue(s, day, out o, out e));
        }

        /// <summary>The monthly monitoring form of a PZK's ZZKs for a month <c>YYYY-MM</c>, as JSON.</summary>
        public string Monitoring(string partnershipId, string period)
        {
            var id = Native.Required(partnershipId, "partnershipId");
            var month = Native.Required(period, "period");
            return Text((ulong s, out IntPtr o, out IntPtr e) => Native.kooperacje_session_monitoring(s, id, month, out o, out e));
        }

        /// <summary>Searches a PZK's local basket (<c>{"text": "…", "areas": […], …}</c>;
        /// <c>{}</c> finds everything); the hits as JSON, <c>[{"service_id", "service"}]</c>.</summary>
        public string SearchBasket(string partnershipId, string queryJson)
        {
            var id = Native.Required(partnershipId, "partnershipId");
            var query = Native.Required(queryJson, "queryJson");
            return Text((ulong s, out IntPtr o, out IntPtr e) => Native.kooperacje_session_search_basket(s, id, query, out o, out e));
        }

        /// <summary>Reads a subject as a viewer at <paramref name="at"/> (RFC 3339): only what
        /// that role may see. Returns <c>{"record", "view", "refusal"}</c>: a refusal of the rules
        /// is an answer, whose access record belongs in the audit log too. <paramref name="personalJson"/>
        /// is the host's personal data of the people concerned; <paramref name="key"/> (at least
        /// 16 bytes) is needed for analysts, who see keyed pseudonyms.</summary>
        public string Read(string viewerJson, string subjectJson, string at, string personalJson = null, byte[] key = null)
        {
            var viewer = Native.Required(viewerJson, "viewerJson");
            var subject = Native.Required(subjectJson, "subjectJson");
            var time = Native.Required(at, "at");
            var personal = Native.Utf8(personalJson, "personalJson");
            var keyLength = new UIntPtr((ulong)(key == null ? 0 : key.Length));
            return Text((ulong s, out IntPtr o, out IntPtr e) =>
                Native.kooperacje_session_read(s, viewer, subject, time, personal, key, keyLength, out o, out e));
        }

        /// <summary>The receipt of one consent of a ZZK (after ISO/IEC TS 27560) as JSON, in
        /// <paramref name="lang"/> (<c>"pl"</c> or <c>"en"</c>), issued at <paramref name="issuedAt"/>
        /// (RFC 3339), for the family's copy.</summary>
        public string ConsentReceipt(string zzkId, string consentId, string issuedAt, string lang, string personalJson = null)
        {
            var zzk = Native.Required(zzkId, "zzkId");
            var consent = Native.Required(consentId, "consentId");
            var time = Native.Required(issuedAt, "issuedAt");
            var language = Native.Required(lang, "lang");
            var personal = Native.Utf8(personalJson, "personalJson");
            return Text((ulong s, out IntPtr o, out IntPtr e) =>
                Native.kooperacje_session_consent_receipt(s, zzk, consent, time, personal, language, out o, out e));
        }

        /// <summary>The receipt an event (its JSON envelope) calls for, as JSON: one for consent
        /// given, renewed or withdrawn; the text <c>null</c> for any other event. Call it on the
        /// session the event was just applied to.</summary>
        public string ReceiptForEvent(string eventJson, string lang, string personalJson = null)
        {
            var envelope = Native.Required(eventJson, "eventJson");
            var language = Native.Required(lang, "lang");
            var personal = Native.Utf8(personalJson, "personalJson");
            return Text((ulong s, out IntPtr o, out IntPtr e) =>
                Native.kooperacje_session_receipt_for_event(s, envelope, personal, language, out o, out e));
        }

        /// <summary>A PZK's local basket as a file's contents: <c>"xlsx"</c>, <c>"csv"</c>,
        /// <c>"json"</c> (rows) or <c>"hsds"</c> (HSDS 3.0); all but Excel's are UTF-8 text.</summary>
        public byte[] BasketExport(string partnershipId, string format)
        {
            var id = Native.Required(partnershipId, "partnershipId");
            var kind = Native.Required(format, "format");
            return With(session =>
            {
                IntPtr data, error;
                UIntPtr length;
                Native.Check(Native.kooperacje_session_basket_export(session, id, kind, out data, out length, out error), error);
                try
                {
                    var bytes = new byte[checked((int)length.ToUInt64())];
                    if (bytes.Length > 0) Marshal.Copy(data, bytes, 0, bytes.Length);
                    return bytes;
                }
                finally { Native.kooperacje_bytes_free(data, length); }
            });
        }

        /// <summary>Imports a basket sheet (a file in <paramref name="format"/>: <c>"xlsx"</c>,
        /// <c>"csv"</c> or <c>"json"</c>) into a PZK, every change made at <paramref name="at"/> by
        /// <paramref name="actor"/> with <paramref name="reason"/> (null: "import"), all or none.
        /// Returns the row-by-row report as JSON. With rows refused and <paramref name="skipInvalid"/>
        /// false it throws <c>INVALID_ROWS</c> and changes nothing.</summary>
        public string BasketImport(string partnershipId, byte[] data, string format, string at, string actor,
            string reason, bool skipInvalid)
        {
            if (data == null) throw new ArgumentNullException("data");
            var id = Native.Required(partnershipId, "partnershipId");
            var kind = Native.Required(format, "format");
            var time = Native.Required(at, "at");
            var who = Native.Required(actor, "actor");
            var why = Native.Utf8(reason, "reason");
            var length = new UIntPtr((ulong)data.Length);
            return Text((ulong s, out IntPtr o, out IntPtr e) =>
                Native.kooperacje_session_basket_import(s, id, data, length, kind, time, who, why, skipInvalid, out o, out e));
        }
    }
}
