using MultiTask.MLNet.Model.Architectures;
using System;

namespace MultiTask.MLNet
{
    /// <summary>One convolution layer of a <see cref="ConvolutionalTrunk"/>: convolution, activation, then max pooling.</summary>
    public sealed class ConvolutionLayer
    {
        /// <summary>A layer of <paramref name="filters"/> filters with the other settings at their defaults.</summary>
        public ConvolutionLayer(int filters) => Filters = filters;

        /// <summary>A layer with default settings (16 filters); for serialisers and object initialisers.</summary>
        public ConvolutionLayer() : this(16) { }

        /// <summary>Number of output channels (filters), >= 1; default 16.</summary>
        public int Filters { get; set; }

        /// <summary>Side of the square kernel, >= 1; default 3.</summary>
        public int KernelSize { get; set; } = 3;

        /// <summary>Step between kernel positions, >= 1; default 1.</summary>
        public int Stride { get; set; } = 1;

        /// <summary>Zeros added on every side, >= 0; default 1 (with a 3x3 kernel and stride 1 the size is kept).</summary>
        public int Padding { get; set; } = 1;

        /// <summary>Side (and stride) of the max pooling window after the activation; 1 = no pooling; default 2.</summary>
        public int PoolSize { get; set; } = 2;

        internal void Validate(string option)
        {
            SettingChecks.AtLeast(Filters, 1, $"{option}.{nameof(Filters)}");
            SettingChecks.AtLeast(KernelSize, 1, $"{option}.{nameof(KernelSize)}");
            SettingChecks.AtLeast(Stride, 1, $"{option}.{nameof(Stride)}");
            SettingChecks.AtLeast(Padding, 0, $"{option}.{nameof(Padding)}");
            SettingChecks.AtLeast(PoolSize, 1, $"{option}.{nameof(PoolSize)}");
        }
    }
}
