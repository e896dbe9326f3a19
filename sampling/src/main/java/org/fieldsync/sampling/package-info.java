/**
 * Sample planning from census frames: prevalence strata, allocation, PPS systematic first-stage selection,
 * listing, second-stage selection of migrant and control households, inclusion probabilities and weights.
 *
 * <p>Pure library: no Vert.x, no MongoDB; deterministic given a seed.
 */
package org.fieldsync.sampling;
