package org.fieldsync.forms.export;

import org.fieldsync.forms.Code;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ImportScriptsTest {
    private static final List<Code> STRATA = List.of(
            new Code(1, Map.of("en", "Urban \"core\"", "fr", "Urbain « centre »")),
            new Code(2, Map.of("en", "Rural", "fr", "Rural")));
    private static final ExportSchema SCHEMA = ExportSchema.of(
            List.of(ExportFixtures.shipped("household"), ExportFixtures.householdVersion2()),
            IdentifyingPolicy.DROP, List.of(
                    new ExtraColumn("stratum", VariableType.INTEGER, Map.of("en", "Stratum", "fr", "Strate"), STRATA),
                    new ExtraColumn("psu", VariableType.STRING, Map.of("en", "PSU", "fr", "UPE")),
                    new ExtraColumn("weight", VariableType.NUMBER, Map.of("en", "Design weight", "fr", "Poids"))));
    private static final SurveyDesign DESIGN = new SurveyDesign("psu", "stratum", "weight");

    private static List<Columns.Column> coded() {
        return SCHEMA.levels().stream().flatMap(l -> Columns.of(SCHEMA, l).stream())
                .filter(c -> !c.codes().isEmpty()).toList();
    }

    @Test
    void stataImportsEachFileAndLabelsEveryCodedVariable() {
        String stata = ImportScripts.stata(SCHEMA, null);
        for (Level level : SCHEMA.levels()) {
            assertTrue(stata.contains("import delimited using \"" + level.fileName()
                    + "\", encoding(utf-8) varnames(1)"), level.name());
            assertTrue(stata.contains("save \"" + level.name() + ".dta\", replace"), level.name());
        }
        for (Columns.Column column : coded()) {
            assertTrue(stata.contains("label define " + column.name() + " ///\n"), column.name());
            assertTrue(stata.contains("label values " + column.name() + " " + column.name() + "\n"), column.name());
        }
        assertTrue(stata.contains("label variable water_source `\"Main source of \"drinking\" water\"'\n"));
        assertTrue(stata.contains("    1 `\"Urban \"core\"\"'"), "quotes inside compound quotes");
        assertTrue(stata.contains("stringcols(1 "), "interview_id is read as a string");
        assertTrue(stata.contains("label variable hh_no `\"Household number in the listing\"'")
                || stata.contains("label variable hh_no "));
    }

    @Test
    void stataEscapesMacroCharacters() {
        // $ and ` would expand macros; "' would end the compound quote early
        assertEquals("`\"Cost in \\$ (\\`US\\`), \"quoted\" 's\"'",
                ImportScripts.stataString("Cost in $ (`US`), \"quoted\"'s"));
        assertEquals("`\"two lines\"'", ImportScripts.stataString("two\nlines"));
    }

    @Test
    void spssDeclaresFormatsAndLabelsEveryCodedVariable() {
        String spss = ImportScripts.spss(SCHEMA, "fr");
        for (Level level : SCHEMA.levels()) {
            assertTrue(spss.contains("/FILE='" + level.fileName() + "'"), level.name());
            assertTrue(spss.contains("SAVE OUTFILE='" + level.name() + ".sav'."), level.name());
        }
        assertTrue(spss.contains("GET DATA\n  /TYPE=TXT\n"));
        assertTrue(spss.contains("    interview_id A255\n"));
        assertTrue(spss.contains("    date SDATE10\n"));
        for (Columns.Column column : coded()) {
            assertTrue(Pattern.compile("(VALUE LABELS\n  |  /)" + column.name() + "\n").matcher(spss).find(),
                    column.name());
        }
        assertTrue(spss.contains("  /water_source 'Source principale d''eau \"potable\"'\n"), "quote doubled");
        assertTrue(spss.contains("    1 'Urbain « centre »'\n"));
        int valueLabels = spss.indexOf("VALUE LABELS");
        assertTrue(valueLabels > 0 && spss.indexOf(".\n", valueLabels) > valueLabels, "the command is ended");
    }

    @Test
    void rReadsEachFileFactorsEveryCodedVariableAndDeclaresTheDesign() {
        String r = ImportScripts.r(SCHEMA, "en", DESIGN);
        assertTrue(r.startsWith("# Imports the fieldsync export of form household (versions 1, 2).\n"));
        assertTrue(r.contains("lang <- \"en\""));
        for (Level level : SCHEMA.levels()) {
            assertTrue(r.contains(level.name() + " <- read.csv(\"" + level.fileName() + "\", encoding = \"UTF-8\""),
                    level.name());
        }
        for (Columns.Column column : coded()) {
            assertTrue(r.contains("[[\"" + column.name() + "\"]] <- factor("), column.name());
        }
        assertTrue(r.contains("c(en = \"Main source of \\\"drinking\\\" water\", fr = \"Source principale d'eau "
                + "\\\"potable\\\"\")[[lang]]"), "both languages, quotes escaped");
        assertTrue(r.contains("fr = c(\"Masculin\", \"F\\u00e9minin\")"), "non-ASCII escaped");
        assertTrue(r.endsWith("library(survey)\ndesign <- svydesign(ids = ~psu, strata = ~stratum, "
                + "weights = ~weight, data = household, nest = TRUE)\n"));
        assertFalse(ImportScripts.r(SCHEMA, "en", null).contains("svydesign"));
        assertThrows(IllegalArgumentException.class,
                () -> ImportScripts.r(SCHEMA, "en", new SurveyDesign("cluster", null, null)));
        assertThrows(IllegalArgumentException.class, () -> ImportScripts.stata(SCHEMA, "de"));
    }

    @Test
    void rScriptLoadsTheFlattenedExamples(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(onPath("Rscript"), "Rscript is not installed on this machine: the generated R script"
                + " was not run (install R, and the survey package, to run this test)");
        boolean survey = run(dir, "Rscript", "-e", "library(survey)") == 0;
        var examples = ExportFixtures.validExamples("household");
        try (Flattener flattener = new Flattener(SCHEMA, level -> {
            try {
                return Files.newBufferedWriter(dir.resolve(level + ".csv"), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        })) {
            int[] n = {0};
            examples.forEach((file, answers) -> flattener.writeInterview(file, 1, 1, answers,
                    Map.of("stratum", 1 + n[0] % 2, "psu", "ea" + n[0]++ % 3, "weight", 12.5)));
        }
        String script = ImportScripts.r(SCHEMA, "fr", survey ? DESIGN : null)
                + "stopifnot(nrow(household) == " + examples.size() + ")\n"
                + "stopifnot(is.factor(person$sex), levels(person$sex)[2] == \"F\\u00e9minin\")\n"
                + "cat(\"loaded\\n\")\n";
        Files.writeString(dir.resolve("import.R"), script, StandardCharsets.UTF_8);
        assertEquals(0, run(dir, "Rscript", "import.R"), Files.readString(dir.resolve("out.txt")));
        assertTrue(Files.readString(dir.resolve("out.txt")).contains("loaded"));
    }

    private static boolean onPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String folder : path.split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(folder, program))) {
                return true;
            }
        }
        return false;
    }

    private static int run(Path dir, String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("out.txt").toFile()).start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return -1;
        }
        return process.exitValue();
    }
}
