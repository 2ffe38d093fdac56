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
// --seeds N: the three schedules on N seeds of data and initialisation, reported as mean +- sd (seed 002's warning).
if (RunMode.Option(args, "--seeds") is string seedCount)
{
    OverSeeds(int.Parse(seedCount, CultureInfo.InvariantCulture));
    return;
}
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

void OverSeeds(int seeds)
{
    var schedules = new (string Name, TrainingSchedule Schedule, AlternateTaskChoice Choice)[]
    {
        ("Joint", TrainingSchedule.Joint, AlternateTaskChoice.Uniform),
        ("Alternate, uniform", TrainingSchedule.Alternate, AlternateTaskChoice.Uniform),
        ("Alternate, by rows", TrainingSchedule.Alternate, AlternateTaskChoice.ProportionalToRows),
    };
    var results = schedules.ToDictionary(s => s.Name, _ => new List<(double Rmse, double Accuracy, double Auc)>());
    var seedProgress = new ConsoleProgress(seeds * schedules.Length, epochs);
    var ci = CultureInfo.InvariantCulture;
    using var csv = new StreamWriter(mode.File("seeds.csv"));
    csv.WriteLine("seed,schedule,spend_rmse,churn_accuracy,churn_auc");
    for (int seed = 0; seed < seeds; seed++)
    {
        var seedMl = new MLContext(seed: seed);
        var seedData = new CustomerData(seed: seed);
        var seedTrain = seedMl.Data.LoadFromEnumerable(seedData.Sales(400 * scale).Concat(seedData.Survey(80 * scale)));
        var seedValidation = seedMl.Data.LoadFromEnumerable(seedData.Sales(200 * scale).Concat(seedData.Survey(40 * scale)));
        var seedSales = seedMl.Data.LoadFromEnumerable(seedData.Sales(2000));
        var seedSurvey = seedMl.Data.LoadFromEnumerable(seedData.Survey(2000));
        foreach (var run in schedules)
        {
            seedProgress.StartRun($"seed {seed} {run.Name}");
            var model = AlternateTrainingModel.RetrainModel(seedMl, seedTrain, run.Schedule, run.Choice, epochs, seedValidation, seedProgress, seed: seed + 1);
            var spend = seedMl.Regression.Evaluate(model.Transform(seedSales), nameof(ModelInput.Spend), "Spend.Score");
            var churn = seedMl.BinaryClassification.Evaluate(model.Transform(seedSurvey), nameof(ModelInput.Churned), "Churned.Score", "Churned.Probability", "Churned.PredictedLabel");
            results[run.Name].Add((spend.RootMeanSquaredError, churn.Accuracy, churn.AreaUnderRocCurve));
            csv.WriteLine(string.Join(",", seed, run.Name, spend.RootMeanSquaredError.ToString("R", ci), churn.Accuracy.ToString("R", ci), churn.AreaUnderRocCurve.ToString("R", ci)));
        }
    }
    seedProgress.Done();
    Console.WriteLine($"| schedule ({seeds} seeds) | spend RMSE | churn accuracy | churn AUC |");
    Console.WriteLine("| --- | --- | --- | --- |");
    foreach (var (name, values) in results)
        Console.WriteLine($"| {name} | {SampleStatistics.MeanSdText(values.Select(v => v.Rmse).ToList(), "F2")} | " +
            $"{SampleStatistics.MeanSdText(values.Select(v => v.Accuracy).ToList(), "F3")} | {SampleStatistics.MeanSdText(values.Select(v => v.Auc).ToList(), "F3")} |");
    // Paired per seed: does choosing by rows (the larger task far more often) cost the smaller task against uniform choice?
    var byRows = results["Alternate, by rows"];
    var uniform = results["Alternate, uniform"];
    int churnWorse = byRows.Zip(uniform, (r, u) => r.Auc < u.Auc).Count(w => w);
    int spendBetter = byRows.Zip(uniform, (r, u) => r.Rmse < u.Rmse).Count(b => b);
    Console.WriteLine();
    Console.WriteLine($"By rows against uniform, per seed: churn AUC lower in {churnWorse}/{seeds}; spend RMSE lower in {spendBetter}/{seeds}. CSV: {mode.File("seeds.csv")}");
}
