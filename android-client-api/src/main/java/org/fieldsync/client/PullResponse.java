package org.fieldsync.client;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One page of a pull: what changed for the device's enumerator since the cursor it sent, plus the current keys and
 * questionnaire versions. Store the changes and keys durably, then store {@link #cursor()}; pull again at once while
 * {@link #more()}.
 */
public final class PullResponse {
    private final String cursor;
    private final boolean more;
    private final boolean snapshot;
    private final List<Change> changes;
    private final PublishedKey surveyKey;
    private final PublishedKey serverSigningKey;
    private final List<QuestionnaireRef> questionnaires;

    private PullResponse(JsonNode o) {
        cursor = Wire.text(o, "cursor", 512);
        more = Wire.bool(o, "more", false);
        snapshot = Wire.bool(o, "snapshot", false);
        JsonNode list = Wire.array(o, "changes");
        List<Change> cs = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            cs.add(Change.fromJson(list.get(i), "/changes/" + i));
        }
        changes = Collections.unmodifiableList(cs);
        surveyKey = PublishedKey.fromNode(o.get("surveyKey"), "/surveyKey");
        serverSigningKey = PublishedKey.fromNode(o.get("serverSigningKey"), "/serverSigningKey");
        JsonNode qs = Wire.array(o, "questionnaires");
        List<QuestionnaireRef> refs = new ArrayList<>(qs.size());
        for (int i = 0; i < qs.size(); i++) {
            refs.add(QuestionnaireRef.fromJson(qs.get(i), "/questionnaires/" + i));
        }
        questionnaires = Collections.unmodifiableList(refs);
    }

    static PullResponse fromJson(JsonNode o) {
        return new PullResponse(o);
    }

    /** @return the cursor to send next time; store it only after the page's content is stored */
    public String cursor() {
        return cursor;
    }

    /** @return whether more changes are waiting: pull again at once with {@link #cursor()} */
    public boolean more() {
        return more;
    }

    /**
     * @return whether this page belongs to a full snapshot (the cursor was absent or no longer usable): the changes
     *         of the snapshot's pages, up to the one with {@code more == false}, are the complete current state, and
     *         assignments not mentioned in them are no longer the enumerator's
     */
    public boolean snapshot() {
        return snapshot;
    }

    /** @return the changes, in log order; unmodifiable */
    public List<Change> changes() {
        return changes;
    }

    /** @return the survey's current public key: seal new envelopes to it */
    public PublishedKey surveyKey() {
        return surveyKey;
    }

    /** @return the server's current receipt signing key: add it to the device's {@link ServerKeyRing} */
    public PublishedKey serverSigningKey() {
        return serverSigningKey;
    }

    /** @return every questionnaire version the enumerator needs now (not a delta); unmodifiable */
    public List<QuestionnaireRef> questionnaires() {
        return questionnaires;
    }

    @Override
    public String toString() {
        return "PullResponse[" + changes.size() + " changes, more=" + more + ", snapshot=" + snapshot + "]";
    }
}
