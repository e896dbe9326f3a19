package org.fieldsync.sampling;

import java.util.AbstractList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A validated census frame: the EAs that can be sampled (EAs with zero households or flagged {@code exclude} have
 * already been removed and reported by {@link FrameImport}), in input order, stored column-wise in primitive arrays
 * so that frames of millions of EAs stay small. Immutable.
 *
 * <p>Obtain one from {@link FrameImport#csv(byte[])} (hash = SHA-256 of the file's bytes) or
 * {@link FrameImport#rows(List)} (hash = SHA-256 of the canonical CSV of the rows, see
 * {@link FrameImport#canonicalCsv(List)}).
 */
public final class Frame {
    final String[] eaId;
    final String[] domain;
    final String[] sortKeys;
    final long[] censusHh;
    final long[] emig;
    final long[] ret;
    final long[] imm;
    final boolean[] forceCertainty;
    private final String sha256;
    private volatile Map<String, Integer> index;

    Frame(String[] eaId, String[] domain, String[] sortKeys, long[] censusHh, long[] emig, long[] ret, long[] imm,
          boolean[] forceCertainty, String sha256) {
        this.eaId = eaId;
        this.domain = domain;
        this.sortKeys = sortKeys;
        this.censusHh = censusHh;
        this.emig = emig;
        this.ret = ret;
        this.imm = imm;
        this.forceCertainty = forceCertainty;
        this.sha256 = sha256;
    }

    /** @return number of EAs */
    public int size() {
        return eaId.length;
    }

    /** @return SHA-256 (lower-case hex) of the frame as imported; plans record it and replay checks it */
    public String sha256() {
        return sha256;
    }

    /** @return the EA at input position {@code i} (0-based) as a row (built on demand) */
    public FrameRow row(int i) {
        return new FrameRow(eaId[i], domain[i], sortKeys[i], censusHh[i], emig[i], ret[i], imm[i],
                forceCertainty[i], false);
    }

    /** @return a read-only view of the EAs as rows, in input order */
    public List<FrameRow> rows() {
        return new AbstractList<>() {
            @Override
            public FrameRow get(int i) {
                return row(i);
            }

            @Override
            public int size() {
                return eaId.length;
            }
        };
    }

    /** @return input position of the EA, or -1 if the frame has no such EA */
    public int indexOf(String id) {
        Map<String, Integer> m = index;
        if (m == null) {
            m = new HashMap<>(eaId.length * 2);
            for (int i = 0; i < eaId.length; i++) {
                m.put(eaId[i], i);
            }
            index = m;
        }
        return m.getOrDefault(id, -1);
    }

    /** @return the EA id at input position {@code i} */
    public String eaId(int i) {
        return eaId[i];
    }

    /** @return census households of the EA at input position {@code i} */
    public long censusHh(int i) {
        return censusHh[i];
    }

    /** Census count of one type at position i. */
    long census(int i, HouseholdType t) {
        return switch (t) {
            case EMIG -> emig[i];
            case RET -> ret[i];
            case IMM -> imm[i];
            case NON -> censusHh[i] - emig[i] - ret[i] - imm[i];
        };
    }
}
