using System;
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
        }

        private static int Count(Func<Tensor, Tensor, Tensor, Tensor> convolution)
        {
            torch.manual_seed(1);
            int bad = 0;
            for (int i = 0; i < 100; i++)
            {
                using var scope = torch.NewDisposeScope();
                var x = torch.randn(32, 8, 28, 28).requires_grad_(true);
                var w = torch.randn(8, 8, 3, 3).requires_grad_(true);
                var b = torch.randn(8).requires_grad_(true);
                var y = convolution(x, w, b);
                var gradients = torch.autograd.grad(new[] { y }, new[] { w, b, x }, new[] { torch.ones(y.shape) });
                if (gradients.Any(g => !g.isfinite().all().item<bool>()))
                    bad++;
            }
            return bad;
        }

        private static Tensor Native(Tensor x, Tensor w, Tensor b) => nn.functional.conv2d(x, w, b, padding: new long[] { 1, 1 });

        private static Tensor Unfolded(Tensor x, Tensor w, Tensor b)
        {
            var patches = nn.functional.unfold(x, 3, padding: 1).transpose(1, 2).reshape(-1, 72);
            return torch.addmm(b, patches, w.reshape(8, -1).t(), 1, 1).reshape(32, 784, 8).transpose(1, 2).reshape(32, 8, 28, 28);
        }
    }
}
