using System;
using System.Reflection;
using Microsoft.ML;
using Microsoft.ML.Runtime;

namespace MultiTask.MLNet.Runtime
{
    /// <summary>
    /// Reads whether <c>MLContext.CancelExecution()</c> was called. ML.NET 5 keeps that flag on internal
    /// types (ICancelable, HostEnvironmentBase); its public property IsCanceled is read by reflection on the
    /// context's environment and on the trainer's registered host, which the environment cancels with it.
    /// </summary>
    internal static class CancellationProbe
    {
        private const BindingFlags Instance = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance;

        /// <summary>A cheap check to call once per training step; null when this ML.NET build hides the flag.</summary>
        public static Func<bool> TryCreate(MLContext ml, IHost host)
        {
            var environment = MlNetInternals.ContextEnvironment?.GetValue(ml);
            var fromEnvironment = Reader(environment);
            var fromHost = Reader(host);
            if (fromEnvironment == null && fromHost == null)
                return null;
            return () => (fromEnvironment?.Invoke() ?? false) || (fromHost?.Invoke() ?? false);
        }

        /// <summary>Calls ML.NET's internal <c>MLContext.CancelExecution()</c>; returns false when this ML.NET build lacks it.</summary>
        public static bool TryCancel(MLContext ml)
        {
            if (MlNetInternals.CancelExecution == null)
                return false;
            MlNetInternals.CancelExecution.Invoke(ml, null);
            return true;
        }

        private static Func<bool> Reader(object target)
        {
            var property = target?.GetType().GetProperty("IsCanceled", Instance);
            if (property == null || property.PropertyType != typeof(bool))
                return null;
            return () => (bool)property.GetValue(target);
        }
    }
}
