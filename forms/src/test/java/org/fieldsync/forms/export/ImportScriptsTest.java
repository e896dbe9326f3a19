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
                    new ExtraColumn("weight", VariableType.NUMBER, Map.of("en", "Design weight", "fr", "Poids"))),
            List.of(ExportFixtures.sampleTable()));
    private static final SurveyDesign DESIGN = new SurveyDesign("psu", "stratum", "weight");
    private static final Map<String, SurveyDesign> SAMPLE_DESIGN = Map.of("sample", DESIGN);

    /** The coded columns of every file, side table included. */
    private static List<Columns.Column> coded() {
        return Columns.files(SCHEMA).stream().flatMap(f -> f.columns().stream())
                .filter(c -> !c.codes().isEmpty()).toList();
    }

    /** The names of every file's data set: the levels', then the side table's. */
    private static List<String> dataSets() {
        List<String> names = new java.util.ArrayList<>(SCHEMA.levels().stream().map(Level::name).toList());
        names.add("sample");
        return names;
    }

    @Test
    void stataImportsEachFileAndLabelsEveryCodedVariable() {
        String stata = ImportScripts.stata(SCHEMA, null);
        for (String name : dataSets()) {
            assertTrue(stata.contains("import delimited using \"" + name + ".csv"
                    + "\", encoding(utf-8) varnames(1)"), name);
            assertTrue(stata.contains("save \"" + name + ".dta\", replace"), name);
        }
        assertTrue(stata.indexOf("save \"sample.dta\"") > stata.indexOf("save \"person.dta\""), "tables last");
        for (Columns.Column column : coded()) {
            assertTrue(stata.contains("label define " + column.name() + " ///\n"), column.name());
            assertTrue(stata.contains("label values " + column.name() + " " + column.name() + "\n"), column.name());
        }
        assertTrue(stata.contains("label variable water_source `\"Main source of \"drinking\" water\"'\n"));
        assertTrue(stata.contains("    1 `\"Urban \"core\"\"'"), "quotes inside compound quotes");
        assertTrue(stata.contains("stringcols(1 "), "interview_id is read as a string");
        assertTrue(stata.contains("label variable hh_no `\"Household number in the listing\"'")
                || stata.contains("label variable hh_no "));
        String sample = stata.substring(stata.indexOf("import delimited using \"sample.csv\""));
        assertTrue(sample.contains(" stringcols(1 3 6) clear\n"), "hh_id, psu and the date are read as strings");
        assertTrue(sample.contains("generate double _fs_tmp = date(visit_date, \"YMD\")"));
        assertTrue(sample.contains("label variable disposition `\"Final disposition\"'\n"));
        assertTrue(sample.contains("label define disposition ///\n    1 `\"Completed\"' ///\n    2 `\"Refused\"'"));
        assertTrue(sample.contains("label data `\"Sampled households\"'\n"));
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
        for (String name : dataSets()) {
            assertTrue(spss.contains("/FILE='" + name + ".csv'"), name);
            assertTrue(spss.contains("SAVE OUTFILE='" + name + ".sav'."), name);
        }
        String sample = spss.substring(spss.indexOf("/FILE='sample.csv'"));
        assertTrue(sample.contains("    hh_id A1000\n"));
        assertTrue(sample.contains("    visit_date SDATE10\n"));
        assertTrue(sample.contains("  /disposition 'Résultat final'\n"));
        assertTrue(sample.contains("  /disposition\n    1 'Complet'\n    2 'Refusé'\n"));
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
        for (String name : dataSets()) {
            assertTrue(r.contains(name + " <- read.csv(\"" + name + ".csv\", encoding = \"UTF-8\""), name);
        }
        assertTrue(r.contains("sample[[\"visit_date\"]] <- as.Date(sample[[\"visit_date\"]])\n"));
        assertTrue(r.contains("attr(sample, \"label\") <- c(en = \"Sampled households\", "
                + "fr = \"M\\u00e9nages \\u00e9chantillonn\\u00e9s\")[[lang]]\n"));
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
    void rSetsHowSinglePsuStrataCountBeforeTheDesigns() {
        assertTrue(ImportScripts.r(SCHEMA, "en", new SurveyDesign("psu", "stratum", "weight", "adjust"),
                Map.of("sample", new SurveyDesign("psu", "stratum", "weight", "adjust"))).endsWith(
                "library(survey)\n# how variance strata with a single PSU count in variances (?surveyoptions)\n"
                + "options(survey.lonely.psu = \"adjust\")\n"
                + "design <- svydesign(ids = ~psu, strata = ~stratum, weights = ~weight, data = household, "
                + "nest = TRUE)\n"
                + "sample_design <- svydesign(ids = ~psu, strata = ~stratum, weights = ~weight, data = sample, "
                + "nest = TRUE)\n"));
        assertTrue(ImportScripts.r(SCHEMA, "en", null, Map.of("sample", new SurveyDesign("psu", "stratum", "weight",
                "certainty"))).contains("options(survey.lonely.psu = \"certainty\")\nsample_design <- "));
        assertFalse(ImportScripts.r(SCHEMA, "en", DESIGN, SAMPLE_DESIGN).contains("lonely"));
    }

    @Test
    void rDeclaresATableDesignAfterTheRootDesign() {
        assertTrue(ImportScripts.r(SCHEMA, "en", DESIGN, SAMPLE_DESIGN).endsWith("library(survey)\n"
                + "design <- svydesign(ids = ~psu, strata = ~stratum, weights = ~weight, data = household, "
                + "nest = TRUE)\n"
                + "sample_design <- svydesign(ids = ~psu, strata = ~stratum, weights = ~weight, data = sample, "
                + "nest = TRUE)\n"));
        assertTrue(ImportScripts.r(SCHEMA, "en", null, Map.of("sample", new SurveyDesign(null, null, "weight")))
                .endsWith("library(survey)\nsample_design <- svydesign(ids = ~1, weights = ~weight, data = sample, "
                        + "nest = TRUE)\n"), "a table design without a root design");
        IllegalArgumentException column = assertThrows(IllegalArgumentException.class, () -> ImportScripts.r(SCHEMA,
                "en", DESIGN, Map.of("sample", new SurveyDesign("psu", "region", "weight"))));
        assertTrue(column.getMessage().contains("'region'") && column.getMessage().contains("table sample"),
                column.getMessage());
        IllegalArgumentException table = assertThrows(IllegalArgumentException.class,
                () -> ImportScripts.r(SCHEMA, "en", DESIGN, Map.of("person", DESIGN)));
        assertTrue(table.getMessage().contains("'person'"), table.getMessage());
        ExportSchema clash = ExportSchema.of(List.of(ExportFixtures.shipped("household")), IdentifyingPolicy.DROP,
                List.of(), List.of(ExportFixtures.sampleTable(), new Table("sample_design", Map.of(),
                        List.of(new ExtraColumn("stratum", VariableType.INTEGER, Map.of())))));
        assertTrue(ImportScripts.r(clash, "en", null).contains("sample_design <- read.csv("));
        assertThrows(IllegalArgumentException.class, () -> ImportScripts.r(clash, "en", null, SAMPLE_DESIGN),
                "sample_design would overwrite the data frame of sample_design.csv");
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
        double responded = writeSample(dir.resolve("sample.csv"));
        String script = ImportScripts.r(SCHEMA, "fr", survey ? DESIGN : null, survey ? SAMPLE_DESIGN : null)
                + "stopifnot(nrow(household) == " + examples.size() + ")\n"
                + "stopifnot(is.factor(person$sex), levels(person$sex)[2] == \"F\\u00e9minin\")\n"
                + "stopifnot(nrow(sample) == 8, is.factor(sample$disposition), "
                + "as.character(sample$disposition[2]) == \"Refus\\u00e9\")\n"
                + "stopifnot(inherits(sample$visit_date, \"Date\"), is.na(sample$visit_date[8]), "
                + "is.character(sample$hh_id), sample$hh_id[1] == \"007\")\n"
                + "stopifnot(attr(sample, \"label\") == \"M\\u00e9nages \\u00e9chantillonn\\u00e9s\")\n"
                + (survey ? "cat(\"sampled households:\", coef(svytotal(~one, update(sample_design, one = 1))), "
                        + "\"\\n\")\nstopifnot(abs(coef(svytotal(~responded, sample_design)) - " + responded
                        + ") < 1e-9)\n" : "")
                + "cat(\"loaded\\n\")\n";
        Files.writeString(dir.resolve("import.R"), script, StandardCharsets.UTF_8);
        assertEquals(0, run(dir, "Rscript", "import.R"), Files.readString(dir.resolve("out.txt")));
        String out = Files.readString(dir.resolve("out.txt"));
        assertTrue(out.contains("loaded"), out);
        if (survey) {
            assertTrue(out.contains("sampled households: 1000 \n"), "the weights' total: " + out);
        } else {
            System.err.println("R package survey is not installed: the sample designs were not run");
        }
    }

    /**
     * Writes a {@code sample.csv} of 8 households, 2 PSUs in each of 2 strata, weights summing to 1000, the last
     * one not visited.
     *
     * @return the weighted number of households that responded
     */
    private static double writeSample(Path file) throws IOException {
        Table table = SCHEMA.table("sample").orElseThrow();
        double responded = 0;
        try (CsvWriter out = new CsvWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8))) {
            out.writeRow(SCHEMA.columns(table));
            for (int i = 0; i < 8; i++) {
                double weight = i < 4 ? 100 : 150;
                int disposition = i % 3 + 1;
                if (disposition == 1) {
                    responded += weight;
                }
                out.writeRow(String.format("%03d", i + 7), Integer.toString(i / 4 + 1), "ea" + i / 2,
                        Double.toString(weight), Integer.toString(disposition), i == 7 ? null : "2024-05-0" + (i + 1),
                        disposition == 1 ? "1" : "0");
            }
        }
        return responded;
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
