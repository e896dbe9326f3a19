package org.fieldsync.server.sampling;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.bson.Document;

/**
 * Persistence of frames, plans, selected EAs and listings. Blocking. Everything is created with deterministic keys
 * under unique indexes, so every multi-step operation can be retried after a crash.
 */
public interface SamplingStore {
  void ensureIndexes();

  /** Stores a frame's bytes (content-addressed chunks, shared between surveys) and its description. */
  boolean insertFrame(SamplingViews.FrameView frame, byte[] bytes);

  Optional<SamplingViews.FrameView> findFrame(String surveyId, String sha256);

  List<SamplingViews.FrameView> listFrames(String surveyId);

  byte[] frameBytes(String sha256);

  void insertPlan(StoredPlan plan);

  Optional<StoredPlan> findPlan(String planId);

  List<StoredPlan> listPlans(String surveyId);

  /** Sets a draft plan frozen (no-op if already frozen); returns the plan as stored after the change. */
  Optional<StoredPlan> markFrozen(String planId, Instant at, String by);

  /** Claims the survey's one frozen sample for a plan; returns the plan id that holds the claim. */
  String claimSurveySample(String surveyId, String planId);

  int insertSampleEas(List<SamplingViews.SampleEaView> eas, String planId, String surveyId);

  Optional<SamplingViews.SampleEaView> findSampleEa(String planId, String psuId);

  List<SamplingViews.SampleEaView> listSampleEas(String planId);

  /** Records a PSU's listing (households as compact arrays) once; false if one with another hash is there. */
  boolean insertListing(String planId, String psuId, String sha256, Document households);

  Optional<String> listingSha256(String planId, String psuId);

  /** Marks a PSU listed with the selection made from its listing. */
  void markListed(String planId, String psuId, List<SamplingViews.ClassView> classes, Document starts, Instant at);

  /** A plan as stored: its view, and its record (the sampling library's replayable form, as JSON). */
  record StoredPlan(SamplingViews.PlanView view, String recordJson) {}
}
