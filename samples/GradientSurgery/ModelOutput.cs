using Microsoft.ML.Data;

namespace GradientSurgery
{
    /// <summary>The model's prediction of both tasks' 100 outputs.</summary>
    public sealed class ModelOutput
    {
        [ColumnName("Primary.Score"), VectorType(ModelInput.Outputs)] public float[] Primary { get; set; }
        [ColumnName("Auxiliary.Score"), VectorType(ModelInput.Outputs)] public float[] Auxiliary { get; set; }
    }
}
