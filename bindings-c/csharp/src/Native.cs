// SPDX-License-Identifier: EUPL-1.2
using System;
using System.Runtime.InteropServices;
using System.Text;

namespace Kooperacje
{
    /// <summary>
    /// The C interface (bindings-c/include/kooperacje.h) as P/Invoke declarations, and the few
    /// conversions every call shares. Texts go in as NUL-terminated UTF-8 <c>byte[]</c> (not
    /// <c>string</c>, whose default marshalling is not UTF-8 everywhere) and come out as pointers
    /// that are decoded as UTF-8 and freed here, so no caller ever holds the library's memory.
    /// </summary>
    internal static class Native
    {
        /// <summary>The library's name without prefix or suffix: libkooperacje_c.so,
        /// libkooperacje_c.dylib or kooperacje_c.dll, found by the runtime's usual search.</summary>
        internal const string Library = "kooperacje_c";

        /// <summary>The ABI version this wrapper was written for (KOOPERACJE_ABI_VERSION).</summary>
        internal const uint AbiVersion = 1;

        internal enum Status : int { Ok = 0, Error = 1 }

        /// <summary>The layout of KooperacjeError, read once and freed at once.</summary>
        [StructLayout(LayoutKind.Sequential)]
        private struct Error
        {
            public IntPtr Code, Kind, Area, Message, MessagePl;
            public long Index, Line;
        }

        [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
        internal delegate void ExecuteCallback(IntPtr userData, IntPtr commandJson, IntPtr reply);

        [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
        internal delegate void StateCallback(IntPtr userData, IntPtr reply);

        // ---- the library ----
        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
        internal static extern uint kooperacje_abi_version();
        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
        internal static extern IntPtr kooperacje_version();
        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
        internal static extern uint kooperacje_event_schema_version();
        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
        internal static extern void kooperacje_string_free(IntPtr text);
        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
        internal static extern void kooperacje_bytes_free(IntPtr data, UIntPtr len);
        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
        internal static extern void kooperacje_error_free(IntPtr error);
        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
        internal static extern Status kooperacje_catalogue(out IntPtr json, out IntPtr error);
        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
        internal static extern Status kooperacje_label(byte[] enumName, byte[] code, byte[] lang, out IntPtr label, out IntPtr error);
        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
        internal static extern Status kooperacje_canonical_json(byte[] jsonText, out IntPtr json, out IntPtr error);
        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
        internal static extern Status kooperacje_json_pointer(byte[] jsonText, byte[] pointer, out IntPtr value, out IntPtr error);
        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
        internal static extern Status kooperacje_pseudonym(byte[] key, UIntPtr keyLen, byte[] kind, byte[] id, out IntPtr pseudonym, out IntPtr error);

        // ---- the scenario runner ----
        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
        internal static extern Status kooperacje_reply_ok(IntPtr reply, byte[] jsonText, out IntPtr error);
        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
        internal static extern Status kooperacje_reply_error(IntPtr reply, byte[] code, byte[] message, out IntPtr error);
        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
        internal static extern Status kooperacje_run_scenario(byte[] scenarioJson, byte[] fixturesJson,
            ExecuteCallback execute, StateCallback state, IntPtr userData,
            out IntPtr canonical, out IntPtr failures, out UIntPtr failureCount, out IntPtr error);

        // ---- sessions ----
        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
        internal static extern Status kooperacje_session_new([MarshalAs(UnmanagedType.I1)] bool keepEvents, out ulong session, out IntPtr error);
        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
        internal static extern Status kooperacje_session_free(ulong session, out IntPtr error);
        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
        internal static extern Status kooperacje_session_load_jsonl(ulong session, byte[] jsonl, UIntPtr len, out UIntPtr count, out IntPtr error);
        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
        internal static extern Status kooperacje_session_apply(ulong session, byte[] eventsJson, out UIntPtr count, out IntPtr error);
        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
        internal static extern Status kooperacje_session_execute(ulong session, byte[] commandJson, out IntPtr eventsJson, out IntPtr error);
        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
        internal static extern Status kooperacje_session_decide(ulong session, byte[] commandJson, out IntPtr eventsJson, out IntPtr error);
        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
        internal static extern Status kooperacje_session_state(ulong session, out IntPtr json, out IntPtr error);
        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
        internal static extern Status kooperacje_session_events_jsonl(ulong session, out IntPtr jsonl, out IntPtr error);
        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
        internal static extern Status kooperacje_session_event_count(ulong session, out UIntPtr count, out IntPtr error);
        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
        internal static extern Status kooperacje_session_partnership(ulong session, byte[] partnershipId, out IntPtr json, out IntPtr error);
        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
        internal static extern Status kooperacje_session_zzk(ulong session, byte[] zzkId, out IntPtr json, out IntPtr error);
        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
        internal static extern Status kooperacje_session_registry(ulong session, byte[] partnershipId, byte[] asOf, out IntPtr json, out IntPtr error);
        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
        internal static extern Status kooperacje_session_indicators(ulong session, byte[] partnershipId, byte[] asOf, out IntPtr json, out IntPtr error);
        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
        internal static extern Status kooperacje_session_overdue(ulong session, byte[] asOf, out IntPtr json, out IntPtr error);
        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
        internal static extern Status kooperacje_session_monitoring(ulong session, byte[] partnershipId, byte[] period, out IntPtr json, out IntPtr error);
        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
        internal static extern Status kooperacje_session_search_basket(ulong session, byte[] partnershipId, byte[] queryJson, out IntPtr json, out IntPtr error);
        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
        internal static extern Status kooperacje_session_read(ulong session, byte[] viewerJson, byte[] subjectJson, byte[] at,
            byte[] personalJson, byte[] key, UIntPtr keyLen, out IntPtr json, out IntPtr error);
        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
        internal static extern Status kooperacje_session_consent_receipt(ulong session, byte[] zzkId, byte[] consentId, byte[] issuedAt,
            byte[] personalJson, byte[] lang, out IntPtr json, out IntPtr error);
        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
        internal static extern Status kooperacje_session_receipt_for_event(ulong session, byte[] eventJson, byte[] personalJson,
            byte[] lang, out IntPtr json, out IntPtr error);
        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
        internal static extern Status kooperacje_session_basket_export(ulong session, byte[] partnershipId, byte[] format,
            out IntPtr data, out UIntPtr len, out IntPtr error);
        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
        internal static extern Status kooperacje_session_basket_import(ulong session, byte[] partnershipId, byte[] data, UIntPtr len,
            byte[] format, byte[] at, byte[] actor, byte[] reason, [MarshalAs(UnmanagedType.I1)] bool skipInvalid,
            out IntPtr reportJson, out IntPtr error);

        // ---- conversions ----

        /// <summary>A text as NUL-terminated UTF-8 (null stays null, for the optional
        /// arguments). A text holding NUL is refused: the library would silently read only the
        /// part before it.</summary>
        internal static byte[] Utf8(string text, string argument)
        {
            if (text == null) return null;
            if (text.IndexOf('\0') >= 0)
                throw new ArgumentException("the text holds a NUL character, which C cannot pass", argument);
            int length = Encoding.UTF8.GetByteCount(text);
            var bytes = new byte[length + 1];
            Encoding.UTF8.GetBytes(text, 0, text.Length, bytes, 0);
            return bytes;
        }

        /// <summary>A required text argument: null is refused here, with the argument's name.</summary>
        internal static byte[] Required(string text, string argument)
        {
            if (text == null) throw new ArgumentNullException(argument);
            return Utf8(text, argument);
        }

        /// <summary>Decodes a NUL-terminated UTF-8 text the library owns (not freed). Read
        /// through a pointer: states and event logs run to megabytes.</summary>
        internal static unsafe string Decode(IntPtr text)
        {
            if (text == IntPtr.Zero) return null;
            var bytes = (sbyte*)text;
            int length = 0;
            while (bytes[length] != 0) length++;
            return new string(bytes, 0, length, Encoding.UTF8);
        }

        /// <summary>Decodes a text the library returned, and frees it.</summary>
        internal static string Take(IntPtr text)
        {
            try { return Decode(text); }
            finally { kooperacje_string_free(text); }
        }

        /// <summary>The exception for an error the library gave, which is freed; null for none.</summary>
        internal static KooperacjeException TakeError(IntPtr error)
        {
            if (error == IntPtr.Zero) return null;
            try
            {
                var e = (Error)Marshal.PtrToStructure(error, typeof(Error));
                return KooperacjeException.Create(Decode(e.Code), Decode(e.Kind), Decode(e.Area), Decode(e.Message),
                    Decode(e.MessagePl), e.Index < 0 ? (long?)null : e.Index, e.Line < 0 ? (long?)null : e.Line);
            }
            finally { kooperacje_error_free(error); }
        }

        /// <summary>Throws the call's error when it failed. A failure without an error (which
        /// the library never gives when asked for one) is still an exception, of kind internal.</summary>
        internal static void Check(Status status, IntPtr error)
        {
            if (status == Status.Ok) return;
            throw TakeError(error) ?? KooperacjeException.Create("INTERNAL_ERROR", "internal", "internal",
                "the library failed without saying why", "Biblioteka zgłosiła błąd bez opisu", null, null);
        }

        /// <summary>The text output of a call: checked, decoded and freed.</summary>
        internal static string Text(Status status, IntPtr text, IntPtr error)
        {
            Check(status, error);
            return Take(text);
        }

        /// <summary>Throws when the library's ABI is not the one this wrapper was written for:
        /// checked once, before the first call that relies on it.</summary>
        internal static void EnsureAbi()
        {
            if (abiChecked) return;
            uint found = kooperacje_abi_version();
            if (found != AbiVersion)
                throw new NotSupportedException(string.Format(
                    "libkooperacje_c has ABI version {0}; this wrapper was written for version {1}", found, AbiVersion));
            abiChecked = true;
        }

        private static volatile bool abiChecked;
    }
}
