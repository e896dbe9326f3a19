package org.fieldsync.forms.export;

import java.text.Normalizer;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Column names safe for Stata, SPSS and R: {@code [a-z][a-z0-9_]*}, at most 32 characters (Stata's limit), not a
 * reserved word of any of the three.
 */
final class Names {
    static final int MAX = 32;

    private static final Pattern VALID = Pattern.compile("[a-z][a-z0-9_]{0," + (MAX - 1) + "}");

    /** Stata, SPSS and R reserved words (names are lowercase, so only lowercase ones matter). */
    private static final Set<String> RESERVED = Set.of(
            // Stata
            "_all", "_b", "byte", "_coef", "_cons", "double", "float", "if", "in", "int", "long", "_n", "_pi",
            "_pred", "_rc", "_skip", "strl", "using", "with",
            // SPSS
            "all", "and", "by", "eq", "ge", "gt", "le", "lt", "ne", "not", "or", "to",
            // R
            "else", "repeat", "while", "function", "for", "next", "break", "true", "false", "null", "inf", "nan",
            "na");

    private Names() {
    }

    static boolean isReserved(String name) {
        return RESERVED.contains(name) || name.matches("str[0-9]+");
    }

    /** @return whether the name may be given as is: {@code [a-z][a-z0-9_]*}, at most 32 characters, not reserved */
    static boolean isValid(String name) {
        return VALID.matcher(name).matches() && !isReserved(name);
    }

    /**
     * @param name a name the caller gives (not null)
     * @param what what it names, for the message: {@code extra column}, {@code table}
     * @throws IllegalArgumentException if the name is not {@link #isValid valid}
     */
    static void requireValid(String name, String what) {
        if (!isValid(name)) {
            throw new IllegalArgumentException("invalid " + what + " name '" + name
                    + "': expected [a-z][a-z0-9_]*, at most " + MAX + " characters, not a reserved word");
        }
    }

    /**
     * @param text any text, e.g. path tokens joined with {@code _}
     * @return lowercase ASCII letters, digits and single underscores, accents removed, other characters turned
     *         into {@code _}, no leading or trailing {@code _}; possibly empty
     */
    static String clean(String text) {
        String ascii = Normalizer.normalize(text, Normalizer.Form.NFD).replaceAll("\\p{M}+", "");
        String lower = ascii.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_");
        return trim(lower);
    }

    /** A code as a name suffix: {@code 1}, {@code m1} for -1, {@code fra} for "FRA", {@code 1_5} for 1.5. */
    static String codeSuffix(Object code) {
        String text = String.valueOf(code);
        if (text.startsWith("-")) {
            text = "m" + text.substring(1);
        }
        String cleaned = clean(text);
        return cleaned.isEmpty() ? "x" : cleaned;
    }

    /**
     * @param base   the cleaned base name (may be empty)
     * @param suffix appended after {@code _} if not null (the code of a dummy, {@code 01} of a coarsened value)
     * @param taken  the names already used in the level
     * @return a valid name not in {@code taken}: the base (shortened to fit), {@code v_} prefixed if it does not
     *         start with a letter, {@code _} appended to a reserved word, then {@code _2}, {@code _3}, ... until unique
     */
    static String unique(String base, String suffix, Set<String> taken) {
        String head = base.isEmpty() ? "v" : base;
        if (!Character.isLetter(head.charAt(0))) {
            head = "v_" + head;
        }
        String tail = suffix == null ? "" : "_" + suffix;
        String name = fit(head, tail, "");
        if (isReserved(name)) {
            name = fit(head, tail, "_");
        }
        for (int n = 2; taken.contains(name); n++) {
            name = fit(head, tail, "_" + n);
        }
        return name;
    }

    private static String fit(String head, String tail, String disambiguation) {
        int room = MAX - tail.length() - disambiguation.length();
        String cut = head.length() > room ? trim(head.substring(0, Math.max(1, room))) : head;
        String name = cut + tail;
        if (name.length() + disambiguation.length() > MAX) {
            name = trim(name.substring(0, MAX - disambiguation.length()));
        }
        return name + disambiguation;
    }

    private static String trim(String text) {
        int start = 0;
        int end = text.length();
        while (start < end && text.charAt(start) == '_') {
            start++;
        }
        while (end > start && text.charAt(end - 1) == '_') {
            end--;
        }
        return text.substring(start, end);
    }
}
