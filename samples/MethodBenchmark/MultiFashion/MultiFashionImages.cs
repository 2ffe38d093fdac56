using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.Data;

namespace MethodBenchmark.MultiFashion
{
    /// <summary>
    /// Multi-Fashion (Lin et al., "Pareto Multi-Task Learning", NeurIPS 2019, after Sener and Koltun's Multi-MNIST, NeurIPS
    /// 2018): two Fashion-MNIST items on a 36 x 36 canvas, one with its corner at the top left, the other at the bottom right
    /// (so they overlap on 20 x 20 pixels, where the brighter one shows), the canvas resized to 28 x 28 by bilinear
    /// interpolation. Item i of a split is paired with item p(i) of the same split, p a permutation drawn with a fixed seed:
    /// the same files give the same images.
    /// </summary>
    public static class MultiFashionImages
    {
        public const int Canvas = 36;
        private const int Item = 28;

        /// <summary>Builds one image per item of <paramref name="items"/> (pixels and class names of one split).</summary>
        public static List<MultiFashionRow> Compose(IReadOnlyList<(float[] Pixels, string Label)> items, int seed)
        {
            var partner = Enumerable.Range(0, items.Count).ToArray();
            new Random(seed).Shuffle(partner);
            return items.Select((item, i) => new MultiFashionRow
            {
                Pixels = Resize(Overlay(item.Pixels, items[partner[i]].Pixels)),
                TopLeft = item.Label,
                BottomRight = items[partner[i]].Label,
            }).ToList();
        }

        /// <summary>The 36 x 36 canvas: <paramref name="topLeft"/> at (0, 0), <paramref name="bottomRight"/> at (8, 8), the brighter pixel where they overlap.</summary>
        public static float[] Overlay(float[] topLeft, float[] bottomRight)
        {
            var canvas = new float[Canvas * Canvas];
            int offset = Canvas - Item;
            for (int r = 0; r < Item; r++)
                Array.Copy(topLeft, r * Item, canvas, r * Canvas, Item);
            // Only after the whole first item is down, or its later rows would overwrite the second item's brighter pixels.
            for (int r = 0; r < Item; r++)
                for (int c = 0; c < Item; c++)
                {
                    int at = (r + offset) * Canvas + c + offset;
                    canvas[at] = Math.Max(canvas[at], bottomRight[r * Item + c]);
                }
            return canvas;
        }

        /// <summary>
        /// Bilinear resize of the square canvas to 28 x 28 with pixel centres aligned (each output pixel's centre mapped to
        /// the canvas: (i + 0.5) * 36 / 28 - 0.5, clamped to the border).
        /// </summary>
        public static float[] Resize(float[] canvas)
        {
            var image = new float[Item * Item];
            double ratio = (double)Canvas / Item;
            for (int r = 0; r < Item; r++)
            {
                var (r0, r1, fr) = Source(r, ratio);
                for (int c = 0; c < Item; c++)
                {
                    var (c0, c1, fc) = Source(c, ratio);
                    double top = canvas[r0 * Canvas + c0] * (1 - fc) + canvas[r0 * Canvas + c1] * fc;
                    double bottom = canvas[r1 * Canvas + c0] * (1 - fc) + canvas[r1 * Canvas + c1] * fc;
                    image[r * Item + c] = (float)(top * (1 - fr) + bottom * fr);
                }
            }
            return image;
        }

        private static (int Low, int High, double Fraction) Source(int index, double ratio)
        {
            double x = Math.Clamp((index + 0.5) * ratio - 0.5, 0, Canvas - 1);
            int low = (int)Math.Floor(x);
            return (low, Math.Min(low + 1, Canvas - 1), x - low);
        }
    }
}
