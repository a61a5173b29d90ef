// SPDX-License-Identifier: EUPL-1.2
using System;
using System.Collections.Generic;

namespace Kooperacje
{
    /// <summary>
    /// An error the library gave: a refused command, a malformed argument, a bug. <see cref="Exception.Message"/>
    /// is the English message (for logs); <see cref="MessagePl"/> is the one to show the social worker.
    /// Catch a subclass to handle one kind (<see cref="Kind"/>), or <see cref="Code"/> for one case.
    /// </summary>
    public class KooperacjeException : Exception
    {
        /// <summary>Stable machine code, e.g. <c>ZZK_SUSPENDED</c> (listed in the catalogue's "errors").</summary>
        public string Code { get; private set; }
        /// <summary>Kind (<c>not_found</c>, <c>consent</c>, …), on which the subclasses are built.</summary>
        public string Kind { get; private set; }
        /// <summary>Area of the code (<c>validation</c>, <c>zzk</c>, …).</summary>
        public string Area { get; private set; }
        /// <summary>The Polish message, for the social worker.</summary>
        public string MessagePl { get; private set; }
        /// <summary>For a batch of events: the position of the one refused, from 0.</summary>
        public long? Index { get; private set; }
        /// <summary>For JSON lines: the line of the one refused, from 1.</summary>
        public long? Line { get; private set; }

        /// <summary>An error as the library gave it; <paramref name="message"/> is the English one.</summary>
        public KooperacjeException(string code, string kind, string area, string message, string messagePl,
            long? index, long? line) : base(message)
        {
            Code = code;
            Kind = kind;
            Area = area;
            MessagePl = messagePl;
            Index = index;
            Line = line;
        }

        private delegate KooperacjeException Factory(string code, string kind, string area, string message,
            string messagePl, long? index, long? line);

        /// <summary>The one table from kind to exception class. A kind the wrapper does not know
        /// (a newer library) gives the base class, so nothing is lost; a test fails on it.</summary>
        private static readonly Dictionary<string, Factory> ByKind = new Dictionary<string, Factory>
        {
            { "invalid", (c, k, a, m, p, i, l) => new KooperacjeInvalidException(c, k, a, m, p, i, l) },
            { "not_found", (c, k, a, m, p, i, l) => new KooperacjeNotFoundException(c, k, a, m, p, i, l) },
            { "conflict", (c, k, a, m, p, i, l) => new KooperacjeConflictException(c, k, a, m, p, i, l) },
            { "stage", (c, k, a, m, p, i, l) => new KooperacjeStageException(c, k, a, m, p, i, l) },
            { "consent", (c, k, a, m, p, i, l) => new KooperacjeConsentException(c, k, a, m, p, i, l) },
            { "rule", (c, k, a, m, p, i, l) => new KooperacjeRuleException(c, k, a, m, p, i, l) },
            { "forbidden", (c, k, a, m, p, i, l) => new KooperacjeForbiddenException(c, k, a, m, p, i, l) },
            { "decode", (c, k, a, m, p, i, l) => new KooperacjeDecodeException(c, k, a, m, p, i, l) },
            { "store", (c, k, a, m, p, i, l) => new KooperacjeStoreException(c, k, a, m, p, i, l) },
            { "internal", (c, k, a, m, p, i, l) => new KooperacjeInternalException(c, k, a, m, p, i, l) },
        };

        /// <summary>The exception of the class for <paramref name="kind"/> (e.g. rebuilt from
        /// an error's JSON by a host); the base class for a kind this wrapper does not know.</summary>
        public static KooperacjeException Create(string code, string kind, string area, string message,
            string messagePl, long? index, long? line)
        {
            Factory make;
            return kind != null && ByKind.TryGetValue(kind, out make)
                ? make(code, kind, area, message, messagePl, index, line)
                : new KooperacjeException(code, kind, area, message, messagePl, index, line);
        }
    }

    /// <summary>Kind <c>invalid</c>: bad input, missing, malformed, too long or out of range (błędne dane).</summary>
    public class KooperacjeInvalidException : KooperacjeException
    {
        /// <summary>An error of this kind, as the library gave it (see <see cref="KooperacjeException.Create"/>).</summary>
        public KooperacjeInvalidException(string code, string kind, string area, string message, string messagePl, long? index, long? line)
            : base(code, kind, area, message, messagePl, index, line) { }
    }

    /// <summary>Kind <c>not_found</c>: an id names nothing (nie znaleziono).</summary>
    public class KooperacjeNotFoundException : KooperacjeException
    {
        /// <summary>An error of this kind, as the library gave it (see <see cref="KooperacjeException.Create"/>).</summary>
        public KooperacjeNotFoundException(string code, string kind, string area, string message, string messagePl, long? index, long? line)
            : base(code, kind, area, message, messagePl, index, line) { }
    }

    /// <summary>Kind <c>conflict</c>: the act was already done or clashes with what is recorded (a duplicate id, a time earlier than the stream's last event).</summary>
    public class KooperacjeConflictException : KooperacjeException
    {
        /// <summary>An error of this kind, as the library gave it (see <see cref="KooperacjeException.Create"/>).</summary>
        public KooperacjeConflictException(string code, string kind, string area, string message, string messagePl, long? index, long? line)
            : base(code, kind, area, message, messagePl, index, line) { }
    }

    /// <summary>Kind <c>stage</c>: the PZK or the ZZK is not in a stage that allows the act (suspended and closed included).</summary>
    public class KooperacjeStageException : KooperacjeException
    {
        /// <summary>An error of this kind, as the library gave it (see <see cref="KooperacjeException.Create"/>).</summary>
        public KooperacjeStageException(string code, string kind, string area, string message, string messagePl, long? index, long? line)
            : base(code, kind, area, message, messagePl, index, line) { }
    }

    /// <summary>Kind <c>consent</c>: the family's consent (zgoda) does not allow it.</summary>
    public class KooperacjeConsentException : KooperacjeException
    {
        /// <summary>An error of this kind, as the library gave it (see <see cref="KooperacjeException.Create"/>).</summary>
        public KooperacjeConsentException(string code, string kind, string area, string message, string messagePl, long? index, long? line)
            : base(code, kind, area, message, messagePl, index, line) { }
    }

    /// <summary>Kind <c>rule</c>: any other rule of the model.</summary>
    public class KooperacjeRuleException : KooperacjeException
    {
        /// <summary>An error of this kind, as the library gave it (see <see cref="KooperacjeException.Create"/>).</summary>
        public KooperacjeRuleException(string code, string kind, string area, string message, string messagePl, long? index, long? line)
            : base(code, kind, area, message, messagePl, index, line) { }
    }

    /// <summary>Kind <c>forbidden</c>: the actor holds no role that may issue the command (brak uprawnień).</summary>
    public class KooperacjeForbiddenException : KooperacjeException
    {
        /// <summary>An error of this kind, as the library gave it (see <see cref="KooperacjeException.Create"/>).</summary>
        public KooperacjeForbiddenException(string code, string kind, string area, string message, string messagePl, long? index, long? line)
            : base(code, kind, area, message, messagePl, index, line) { }
    }

    /// <summary>Kind <c>decode</c>: a command, event or argument that cannot be decoded (<c>MALFORMED_JSON</c>, …).</summary>
    public class KooperacjeDecodeException : KooperacjeException
    {
        /// <summary>An error of this kind, as the library gave it (see <see cref="KooperacjeException.Create"/>).</summary>
        public KooperacjeDecodeException(string code, string kind, string area, string message, string messagePl, long? index, long? line)
            : base(code, kind, area, message, messagePl, index, line) { }
    }

    /// <summary>Kind <c>store</c>: the storage failed or refused (<c>STORE_*</c>; only hosts that keep a store receive it).</summary>
    public class KooperacjeStoreException : KooperacjeException
    {
        /// <summary>An error of this kind, as the library gave it (see <see cref="KooperacjeException.Create"/>).</summary>
        public KooperacjeStoreException(string code, string kind, string area, string message, string messagePl, long? index, long? line)
            : base(code, kind, area, message, messagePl, index, line) { }
    }

    /// <summary>Kind <c>internal</c>: a fault of the library itself (a bug, e.g. a panic caught at
    /// its border), never an answer of the rules; report it.</summary>
    public class KooperacjeInternalException : KooperacjeException
    {
        /// <summary>An error of this kind, as the library gave it (see <see cref="KooperacjeException.Create"/>).</summary>
        public KooperacjeInternalException(string code, string kind, string area, string message, string messagePl, long? index, long? line)
            : base(code, kind, area, message, messagePl, index, line) { }
    }
}
