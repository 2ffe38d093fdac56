using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;
using Microsoft.ML.Trainers;

namespace MultiTask.MLNet.Runtime
{
    /// <summary>
    /// Every internal ML.NET member the package calls by reflection, found once. ML.NET 5 keeps them internal; the
    /// package's dependency is bounded to the versions they were tested on, and <see cref="EnsureAvailable"/> (run when
    /// <c>mlContext.MultiTask()</c> is first used) fails with one clear message instead of deep inside a Fit.
    /// </summary>
    internal static class MlNetInternals
    {
        private const BindingFlags NonPublicInstance = BindingFlags.NonPublic | BindingFlags.Instance;

        /// <summary>The ML.NET versions these members were tested against (the package's dependency range).</summary>
        public const string TestedVersions = "Microsoft.ML 5.0.x";

        /// <summary><c>LinearRegressionModelParameters(IHostEnvironment, in VBuffer&lt;float&gt;, float)</c>.</summary>
        public static readonly ConstructorInfo LinearRegressionModel = typeof(LinearRegressionModelParameters).GetConstructor(NonPublicInstance, null,
            new[] { typeof(IHostEnvironment), typeof(VBuffer<float>).MakeByRefType(), typeof(float) }, null);

        /// <summary><c>RegressionPredictionTransformer&lt;LinearRegressionModelParameters&gt;(IHostEnvironment, model, DataViewSchema, string)</c>.</summary>
        public static readonly ConstructorInfo RegressionTransformer = typeof(RegressionPredictionTransformer<LinearRegressionModelParameters>).GetConstructor(NonPublicInstance, null,
            new[] { typeof(IHostEnvironment), typeof(LinearRegressionModelParameters), typeof(DataViewSchema), typeof(string) }, null);

        /// <summary><c>SchemaShape.Create(DataViewSchema)</c>.</summary>
        public static readonly MethodInfo SchemaShapeCreate = typeof(SchemaShape).GetMethod("Create",
            BindingFlags.NonPublic | BindingFlags.Static, null, new[] { typeof(DataViewSchema) }, null);

        /// <summary>The MLContext's environment field, where <c>CancelExecution</c>'s flag lives.</summary>
        public static readonly FieldInfo ContextEnvironment = typeof(MLContext).GetField("_env", NonPublicInstance);

        /// <summary><c>MLContext.CancelExecution()</c>.</summary>
        public static readonly MethodInfo CancelExecution = typeof(MLContext).GetMethod("CancelExecution",
            BindingFlags.Public | NonPublicInstance, null, Type.EmptyTypes, null);

        /// <summary><c>TrainerInfo(normalization, calibration, caching, supportValid, supportIncrementalTrain, supportTest)</c>.</summary>
        public static readonly ConstructorInfo TrainerInfoConstructor = typeof(TrainerInfo).GetConstructor(NonPublicInstance | BindingFlags.Public, null,
            Enumerable.Repeat(typeof(bool), 6).ToArray(), null);

        private static readonly Lazy<string> Missing = new Lazy<string>(() => string.Join(", ", new (string Name, MemberInfo Member)[]
        {
            ("LinearRegressionModelParameters constructor", LinearRegressionModel),
            ("RegressionPredictionTransformer constructor", RegressionTransformer),
            ("SchemaShape.Create(DataViewSchema)", SchemaShapeCreate),
            ("MLContext._env", ContextEnvironment),
            ("MLContext.CancelExecution()", CancelExecution),
            ("TrainerInfo constructor", TrainerInfoConstructor),
        }.Where(m => m.Member == null).Select(m => m.Name)));

        /// <summary>The loaded Microsoft.ML's package version (its informational version, without the source hash).</summary>
        public static string LoadedVersion => typeof(MLContext).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
            ?? typeof(MLContext).Assembly.GetName().Version.ToString();

        /// <summary>Throws, naming every missing member and the loaded ML.NET version, when this ML.NET lacks any of them.</summary>
        public static void EnsureAvailable()
        {
            if (Missing.Value.Length == 0)
                return;
            throw new PlatformNotSupportedException(
                $"MultiTask.MLNet was tested with {TestedVersions}, but Microsoft.ML {LoadedVersion} is loaded and lacks internal members the package uses: {Missing.Value}. " +
                "Reference a tested Microsoft.ML version.");
        }
    }
}
