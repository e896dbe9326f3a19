/**
 * Sample planning from census frames: prevalence strata, allocation, PPS systematic first-stage selection,
 * listing, second-stage selection of migrant and control households, inclusion probabilities and weights.
 *
 * <p>Pure library: no Vert.x, no MongoDB; deterministic given a seed. The method is
 * {@code shared/sampling/SPEC.md}; every rule has a reference case in {@code shared/sampling/cases}.
 *
 * <ul>
 *   <li>Frame: {@link org.fieldsync.sampling.FrameImport} (CSV or rows, every problem by line, exclusions reported,
 *       SHA-256) gives a {@link org.fieldsync.sampling.Frame} of {@link org.fieldsync.sampling.FrameRow}s.</li>
 *   <li>Design: {@link org.fieldsync.sampling.Design} holds every parameter (cut-offs, allocation, bounds, targets,
 *       measure of size, first- and second-stage methods, takes).</li>
 *   <li>Plan: {@link org.fieldsync.sampling.Planner#plan} stratifies and orders the frame, allocates
 *       ({@link org.fieldsync.sampling.Allocation}), computes pi1 ({@link org.fieldsync.sampling.InclusionProbabilities})
 *       and selects ({@link org.fieldsync.sampling.Systematic}) with starts from {@link org.fieldsync.sampling.Starts};
 *       the {@link org.fieldsync.sampling.Plan} summarises each stratum and stores as a
 *       {@link org.fieldsync.sampling.PlanRecord}, which {@link org.fieldsync.sampling.Planner#replay} reproduces.</li>
 *   <li>Households: a {@link org.fieldsync.sampling.Listing} per selected PSU, then
 *       {@link org.fieldsync.sampling.Planner#selectHouseholds} ({@link org.fieldsync.sampling.SecondStage}) gives
 *       {@link org.fieldsync.sampling.SelectedHousehold}s with pi1, pi2 and base weights.</li>
 *   <li>After fieldwork: {@link org.fieldsync.sampling.NonresponseAdjustment},
 *       {@link org.fieldsync.sampling.DesignVariables}, {@link org.fieldsync.sampling.Estimation}.</li>
 *   <li>Before it: {@link org.fieldsync.sampling.SampleSize}.</li>
 * </ul>
 * Every refusal is a {@link org.fieldsync.sampling.SamplingException} with a stable code.
 */
package org.fieldsync.sampling;
