using System.Collections.Generic;
using System.Linq;
using Microsoft.ML;

namespace MultiTask.MLNet.Samples
{
    /// <summary>Finds a transformer inside a (possibly nested) fitted pipeline.</summary>
    public static class ModelParts
    {
        public static T Find<T>(ITransformer model) where T : class, ITransformer
            => model as T ?? (model as IEnumerable<ITransformer>)?.Select(Find<T>).FirstOrDefault(t => t != null);
    }
}
