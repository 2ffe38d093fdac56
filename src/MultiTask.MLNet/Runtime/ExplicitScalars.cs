using MultiTask.MLNet.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace MultiTask.MLNet.Runtime
{
    /// <summary>
    /// Tensor arithmetic whose Scalars stay alive until LibTorch has used them. TorchSharp 0.107 turns numbers (and the
    /// implicit alpha of <c>a + b</c> or <c>add_</c>) into Scalars that nothing references during the native call, so a
    /// garbage collection triggered on another thread can finalize one in the middle of it: LibTorch then fails with
    /// "Expected false to be true" or "Unknown scalar type" (reproduced within two Fits with a thread that forces
    /// collections; see dotnet/TorchSharp pull requests 1434 and 1496). The training hot path uses these instead.
    /// </summary>
    internal static class ExplicitScalars
    {
        /// <summary>The alpha of a plain sum; static, so it is never collected.</summary>
        public static readonly Scalar One = 1.ToScalar();

        /// <summary>a + b.</summary>
        public static Tensor Plus(this Tensor a, Tensor b) => a.add(b, One);

        /// <summary>a += b, in place.</summary>
        public static Tensor AddInPlace(this Tensor a, Tensor b) => a.add_(b, One);

        /// <summary>a * a, element-wise (TorchSharp's <c>square()</c> is <c>pow(2)</c> with an implicit Scalar).</summary>
        public static Tensor Squared(this Tensor a) => a.mul(a);

        /// <summary>a * factor.</summary>
        public static Tensor Times(this Tensor a, double factor)
        {
            using var scalar = factor.ToScalar();
            return a.mul(scalar);
        }

        /// <summary>a / divisor.</summary>
        public static Tensor DividedBy(this Tensor a, double divisor)
        {
            using var scalar = divisor.ToScalar();
            return a.div(scalar);
        }

        /// <summary>a + constant.</summary>
        public static Tensor PlusConstant(this Tensor a, double constant)
        {
            using var scalar = constant.ToScalar();
            return a.add(scalar, One);
        }

        /// <summary>Where a is above <paramref name="threshold"/> (a Boolean tensor).</summary>
        public static Tensor IsAbove(this Tensor a, double threshold)
        {
            using var scalar = threshold.ToScalar();
            return a.gt(scalar);
        }

        /// <summary>a with every value below <paramref name="minimum"/> raised to it.</summary>
        public static Tensor AtLeast(this Tensor a, double minimum)
        {
            using var scalar = minimum.ToScalar();
            return a.clamp_min(scalar);
        }
    }
}
