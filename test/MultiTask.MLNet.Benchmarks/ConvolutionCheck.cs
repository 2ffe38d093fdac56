using System;
using System.Collections.Generic;
using System.Linq;
using MultiTask.MLNet.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace MultiTask.MLNet.Benchmarks
{
    /// <summary>
    /// Why the package convolves through unfold: counts how many of 100 backward passes of LibTorch's own conv2d
    /// (8 to 8 channels, 3x3, padding 1, 32 random images of 28x28, random weights) give a non-finite gradient, and how
    /// many of the same passes through unfold and a matrix product do. If LibTorch's count becomes 0 on a new
    /// TorchSharp, its convolution can replace the unfold in TorchOps.Conv2d.
    /// </summary>
    internal static class ConvolutionCheck
    {
        public static void Run()
        {
            TorchSharpRuntime.EnsureInitialized();
            Console.WriteLine($"conv2d backward with a non-finite gradient, of 100: LibTorch {Count(Native)}, unfold + matmul {Count(Unfolded)}");
            Console.WriteLine($"forward + backward, ms (min / median / max of 5 x 10 passes): LibTorch {Time(Native)}, unfold + matmul {Time(Unfolded)}");
        }

        private static string Time(Func<Tensor, Tensor, Tensor, Tensor> convolution)
        {
            var times = new double[5];
            for (int r = 0; r < times.Length; r++)
            {
                var clock = System.Diagnostics.Stopwatch.StartNew();
                for (int i = 0; i < 10; i++)
                {
                    using var scope = torch.NewDisposeScope();
                    var (x, w, b) = Inputs();
                    var y = convolution(x, w, b);
                    torch.autograd.grad(new[] { y }, new[] { w, b, x }, new[] { torch.ones(y.shape) });
                }
                times[r] = clock.Elapsed.TotalMilliseconds / 10;
            }
            Array.Sort(times);
            return $"{times[0]:F1} / {times[2]:F1} / {times[4]:F1}";
        }

        private static (Tensor X, Tensor W, Tensor B) Inputs()
            => (torch.randn(32, 8, 28, 28).requires_grad_(true), new TorchSharp.Modules.Parameter(torch.randn(8, 8, 3, 3)), new TorchSharp.Modules.Parameter(torch.randn(8)));

        private static int Count(Func<Tensor, Tensor, Tensor, Tensor> convolution)
        {
            torch.manual_seed(1);
            int bad = 0;
            for (int i = 0; i < 100; i++)
            {
                using var scope = torch.NewDisposeScope();
                var (x, w, b) = Inputs();
                var y = convolution(x, w, b);
                var gradients = torch.autograd.grad(new[] { y }, new[] { w, b, x }, new[] { torch.ones(y.shape) });
                if (gradients.Any(g => !g.isfinite().all().item<bool>()))
                    bad++;
            }
            return bad;
        }

        private static Tensor Native(Tensor x, Tensor w, Tensor b) => nn.functional.conv2d(x, w, b, padding: new long[] { 1, 1 });

        // The package's own convolution (TorchOps.Conv2d), on the same parameters (Inputs makes w and b Parameters).
        private static Tensor Unfolded(Tensor x, Tensor w, Tensor b)
        {
            var parameters = new Dictionary<string, TorchSharp.Modules.Parameter>
            {
                ["w"] = (TorchSharp.Modules.Parameter)w,
                ["b"] = (TorchSharp.Modules.Parameter)b,
            };
            return new MultiTask.MLNet.Model.Ops.TorchOps(parameters, () => true).Conv2d(x, "w", "b", stride: 1, padding: 1);
        }
    }
}
