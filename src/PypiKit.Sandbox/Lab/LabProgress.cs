using PypiKit.Burst;
using PypiKit.Packages;

namespace PypiKit.Sandbox.Lab;

/// <summary>The steps of a lab run (in order: starting, corpus, probing, burst, validating, writing, done).</summary>
public enum LabStage { StartingCluster, GeneratingCorpus, UploadingCorpus, Burst, WritingReport, Done, Probing, Validating }

/// <summary>
/// One progress report of <see cref="LabRunner"/>: the stage, a line saying what happens, and the step's own
/// progress (corpus files, burst counters) when it has one.
/// </summary>
public sealed record LabProgress(LabStage Stage, string Message, CorpusProgress? Corpus = null, BurstProgress? Burst = null);
