// SPDX-License-Identifier: EUPL-1.2
// A small test harness (no NUnit or xUnit on this machine): the methods of Tests marked [Test]
// run one by one, each in try/catch, and print TAP; the last lines "# pass N" and "# fail N" are
// what scripts/test counts, and the exit status says whether all passed.
using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;

namespace Kooperacje.Tests
{
    /// <summary>A test: a method of no arguments, named in the TAP line by its description.</summary>
    [AttributeUsage(AttributeTargets.Method)]
    sealed class TestAttribute : Attribute
    {
        public readonly string Description;
        public TestAttribute(string description) { Description = description; }
    }

    /// <summary>A method giving several tests (one per scenario file, say), each its own TAP line.</summary>
    [AttributeUsage(AttributeTargets.Method)]
    sealed class CasesAttribute : Attribute { }

    sealed class TestCase
    {
        public readonly string Name;
        public readonly Action Run;
        public TestCase(string name, Action run) { Name = name; Run = run; }
    }

    /// <summary>A check that did not hold.</summary>
    sealed class AssertionFailed : Exception
    {
        public AssertionFailed(string message) : base(message) { }
    }

    static class Assert
    {
        public static void True(bool condition, string what)
        {
            if (!condition) throw new AssertionFailed(what);
        }

        public static void Equal<T>(T expected, T actual, string what)
        {
            if (!EqualityComparer<T>.Default.Equals(expected, actual))
                throw new AssertionFailed(string.Format("{0}: expected {1}, got {2}", what, Show(expected), Show(actual)));
        }

        public static void Contains(string part, string text, string what)
        {
            if (text == null || !text.Contains(part))
                throw new AssertionFailed(string.Format("{0}: {1} not found in {2}", what, Show(part), Show(text)));
        }

        /// <summary>Runs <paramref name="action"/> and gives the exception of type T it threw
        /// (a subclass of T fails: the type itself is what is checked).</summary>
        public static T Throws<T>(Action action, string what) where T : Exception
        {
            try
            {
                action();
            }
            catch (Exception e)
            {
                if (e.GetType() == typeof(T)) return (T)e;
                throw new AssertionFailed(string.Format("{0}: expected {1}, got {2}: {3}", what, typeof(T).Name, e.GetType().Name, e.Message));
            }
            throw new AssertionFailed(string.Format("{0}: expected {1}, nothing was thrown", what, typeof(T).Name));
        }

        static string Show(object value)
        {
            if (value == null) return "null";
            var text = value.ToString();
            return text.Length > 400 ? "\"" + text.Substring(0, 400) + "…\"" : "\"" + text + "\"";
        }
    }

    static class Harness
    {
        static int passed, failed;

        /// <summary>tests ROOT OUT: ROOT the repository, OUT where the scenario results go.</summary>
        static int Main(string[] args)
        {
            if (args.Length != 2)
            {
                Console.Error.WriteLine("usage: Tests.exe ROOT OUT");
                return 2;
            }
            Tests.Root = args[0];
            Tests.Out = args[1];
            var methods = typeof(Tests).GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)
                .OrderBy(m => m.MetadataToken);
            foreach (var method in methods)
            {
                var test = method.GetCustomAttribute<TestAttribute>();
                if (test != null)
                    Run(test.Description, () => method.Invoke(null, null));
                if (method.GetCustomAttribute<CasesAttribute>() != null)
                {
                    IEnumerable<TestCase> cases = null;
                    Run(method.Name + ": its cases are listed", () => cases = ((IEnumerable<TestCase>)method.Invoke(null, null)).ToList());
                    foreach (var c in cases ?? Enumerable.Empty<TestCase>()) Run(c.Name, c.Run);
                }
            }
            Console.WriteLine("1..{0}", passed + failed);
            Console.WriteLine("# pass {0}", passed);
            Console.WriteLine("# fail {0}", failed);
            return failed == 0 ? 0 : 1;
        }

        static void Run(string name, Action test)
        {
            int n = passed + failed + 1;
            try
            {
                test();
                passed++;
                Console.WriteLine("ok {0} - {1}", n, name);
            }
            catch (Exception e)
            {
                if (e is TargetInvocationException && e.InnerException != null) e = e.InnerException;
                failed++;
                Console.WriteLine("not ok {0} - {1}", n, name);
                var why = e is AssertionFailed ? e.Message : e.GetType().FullName + ": " + e.Message + "\n" + e.StackTrace;
                foreach (var line in why.Split('\n')) Console.WriteLine("# " + line);
            }
            Console.Out.Flush();
        }
    }
}
