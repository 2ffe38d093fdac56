using System;
using System.Collections.Generic;

namespace Quickstart
{
    /// <summary>
    /// A synthetic housing market. Every target depends on a shared latent "desirability"
    /// (size, rooms, age, distance), which is what a shared trunk can learn once for all tasks.
    /// </summary>
    public static class HouseData
    {
        public static readonly string[] Categories = { "Flat", "Townhouse", "Villa" };

        public static List<ModelInput> Generate(int count, int seed)
        {
            var random = new Random(seed);
            var houses = new List<ModelInput>(count);
            for (int i = 0; i < count; i++)
            {
                float size = 30 + 220 * (float)random.NextDouble();
                float rooms = MathF.Round(1 + size / 40 + 2 * (float)random.NextDouble());
                float age = 100 * (float)random.NextDouble();
                float distance = 30 * (float)random.NextDouble();
                double desirability = size / 100 + 0.2 * rooms - age / 60 - distance / 12 + 0.3 * Gaussian(random);
                double price = 150 + 120 * desirability + 40 * Math.Sin(age / 15) + 10 * Gaussian(random);
                int category = size < 90 ? 0 : distance > 12 || size < 160 ? 1 : 2;
                houses.Add(new ModelInput
                {
                    Size = size,
                    Rooms = rooms,
                    Age = age,
                    Distance = distance,
                    Price = (float)price,
                    IsLuxury = desirability + 0.2 * Gaussian(random) > 1.2,
                    Category = Categories[category],
                });
            }
            return houses;
        }

        private static double Gaussian(Random random)
            => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
    }
}
