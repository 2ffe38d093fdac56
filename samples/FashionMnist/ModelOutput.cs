using Microsoft.ML.Data;

namespace FashionMnist
{
    /// <summary>The class probabilities, the predicted class name and (with the autoencoder) the reconstructed image.</summary>
    public sealed class ModelOutput
    {
        [ColumnName("Label.Score")] public float[] Scores { get; set; }
        [ColumnName("PredictedName")] public string Predicted { get; set; }
        [ColumnName("Reconstruction.Score"), VectorType(ModelInput.PixelCount)] public float[] Reconstruction { get; set; }
    }
}
