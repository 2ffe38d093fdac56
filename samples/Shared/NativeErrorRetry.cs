using System;
using System.Runtime.InteropServices;

namespace MultiTask.MLNet.Samples
{
    /// <summary>
    /// Runs a training again when LibTorch fails on a Scalar in it ("Expected false to be true ... Scalar.h", "Unknown scalar
    /// type"). TorchSharp 0.107 leaves the Scalars it creates implicitly (Adam's alpha, <c>tensor / 2.0</c>) to the garbage
    /// collector, whose finalizer can free one while a native call still reads it: TaskRelatedness --quick (45 Fits in one
    /// process) failed so at its 38th and 28th Fit in two runs, and a background thread that forces collections makes a Fit
    /// fail within three. The failed Fit's network is dropped and the same seed trains the same network again, so the retry
    /// gives the result the first attempt would have given. Drop this once the library avoids implicit Scalars.
    /// </summary>
    public static class NativeErrorRetry
    {
        /// <summary>How many trainings this process ran again.</summary>
        public static int Retries { get; private set; }

        public static T Run<T>(string label, Func<T> train, int attempts = 3)
        {
            for (int attempt = 1; ; attempt++)
            {
                try
                {
                    return train();
                }
                catch (ExternalException e) when (attempt < attempts && e.Message.Contains("scalar", StringComparison.OrdinalIgnoreCase))
                {
                    Retries++;
                    Console.Error.WriteLine();
                    Console.Error.WriteLine($"LibTorch failed in '{label}' (a TorchSharp Scalar freed by the garbage collector while in use): training it again.");
                }
            }
        }
    }
}
