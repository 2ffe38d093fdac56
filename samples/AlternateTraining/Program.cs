using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using AlternateTraining;
using Microsoft.ML;
using MultiTask.MLNet;
using MultiTask.MLNet.Samples;

// Seed 002: two tasks from two different data sets, concatenated with missing labels, trained jointly or
// alternately (one task per step, one optimiser per task). Compares test metrics and training curves.
// --smoke: small, 3 epochs; --quick (default): 4000 sales + 800 survey rows, 40 epochs; --full: 5x the data, 60 epochs.
var mode = RunMode.Parse(args, "alternate-training");
int scale = mode.Pick(1, 10, 50), epochs = mode.Pick(3, 40, 60);
var ml = new MLContext(seed: 0);
var data = new CustomerData(seed: 0);
var train = ml.Data.LoadFromEnumerable(data.Sales(400 * scale).Concat(data.Survey(80 * scale)));
var validation = ml.Data.LoadFromEnumerable(data.Sales(200 * scale).Concat(data.Survey(40 * scale)));
var testSales = ml.Data.LoadFromEnumerable(data.Sales(2000));
var testSurvey = ml.Data.LoadFromEnumerable(data.Survey(2000));

var runs = new (string Name, TrainingSchedule Schedule, AlternateTaskChoice Choice)[]
{
    ("Joint", TrainingSchedule.Joint, AlternateTaskChoice.Uniform),
    ("Alternate, uniform", TrainingSchedule.Alternate, AlternateTaskChoice.Uniform),
    ("Alternate, by rows", TrainingSchedule.Alternate, AlternateTaskChoice.ProportionalToRows),
};
var progress = new ConsoleProgress(runs.Length, epochs);
var c = CultureInfo.InvariantCulture;
var models = new Dictionary<string, MultiTaskTransformer>();
foreach (var run in runs)
{
    progress.StartRun(run.Name);
    models[run.Name] = AlternateTrainingModel.RetrainModel(ml, train, run.Schedule, run.Choice, epochs, validation, progress);
}
progress.Done();

Console.WriteLine($"| schedule | spend RMSE | churn accuracy | churn AUC | best epoch |");
Console.WriteLine($"| --- | --- | --- | --- | --- |");
using (var csv = new StreamWriter(mode.File("curves.csv")))
{
    csv.WriteLine("schedule,epoch,train_spend,train_churn,valid_spend,valid_churn");
    foreach (var (name, model) in models)
    {
        var spend = ml.Regression.Evaluate(model.Transform(testSales), nameof(ModelInput.Spend), "Spend.Score");
        var churn = ml.BinaryClassification.Evaluate(model.Transform(testSurvey), nameof(ModelInput.Churned), "Churned.Score", "Churned.Probability", "Churned.PredictedLabel");
        Console.WriteLine($"| {name} | {spend.RootMeanSquaredError.ToString("F2", c)} | {churn.Accuracy.ToString("F3", c)} | {churn.AreaUnderRocCurve.ToString("F3", c)} | {model.TrainingHistory.BestEpoch} |");
        foreach (var e in model.TrainingHistory.Epochs)
            csv.WriteLine(string.Join(",", name, e.Epoch, e.TrainingLoss["Spend"].ToString("R", c), e.TrainingLoss["Churned"].ToString("R", c),
                e.ValidationLoss["Spend"].ToString("R", c), e.ValidationLoss["Churned"].ToString("R", c)));
    }
}
foreach (var task in new[] { "Spend", "Churned" })
    Charts.Lines(mode.File($"validation-{task.ToLowerInvariant()}.png"), $"Seed 002: validation loss of {task} per epoch", "epoch", "validation loss",
        models.Select(m => (m.Key, m.Value.TrainingHistory.Epochs.Select(e => (double)e.Epoch).ToArray(),
            m.Value.TrainingHistory.Epochs.Select(e => e.ValidationLoss[task]).ToArray())).ToList());

var alternate = models["Alternate, uniform"];
ml.Model.Save(alternate, train.Schema, AlternateTrainingModel.ModelPath = mode.File("alternate-model.zip"));
var customer = data.Survey(1)[0];
var prediction = AlternateTrainingModel.Predict(customer);
Console.WriteLine();
Console.WriteLine($"Reloaded {AlternateTrainingModel.ModelPath}: a surveyed customer gets spend {prediction.Spend.ToString("F1", c)}, " +
    $"churn probability {prediction.ChurnProbability.ToString("F2", c)} (churned: {customer.Churned}).");
Console.WriteLine($"Curves: {mode.File("curves.csv")}, {mode.File("validation-*.png")}");
