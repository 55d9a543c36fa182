package vn.friendlygov.nlu;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns residents' text into an {@link Analysis}: NFC and lower case, both tone placements, a
 * diacritic-free view (đ→d), teencode and domain abbreviations, lay terms, and typo correction
 * against the knowledge base's vocabulary.
 */
public final class Analyzer {
    private static final Map<String, String[]> ABBREVIATIONS = load("/nlu/abbreviations.tsv");
    private static final Map<String, String[]> LAY_TERMS = load("/nlu/lay-terms.tsv");

    /** Abbreviations of several letters may be pieces of run-together words ("lamcccd"). */
    private static final java.util.Set<String> ABBREVIATION_WORDS = ABBREVIATIONS.keySet().stream()
            .filter(k -> k.length() >= 3 && !k.contains(" ")).collect(java.util.stream.Collectors.toUnmodifiableSet());

    private final Speller speller;

    public Analyzer(Speller speller) {
        this.speller = speller;
    }

    /** An analyzer without typo correction, used to build the vocabulary itself. */
    public static Analyzer plain() {
        return new Analyzer(null);
    }

    public Analysis analyze(String text) {
        List<String> typed = new ArrayList<>();
        for (String raw : VietnameseText.words(VietnameseText.lower(text))) {
            // "cccd" is an abbreviation, not "cd" typed with an elongated letter: look it up first.
            if (expand(raw, typed)) {
                continue;
            }
            String repaired = InputRepair.repair(raw);
            String w = VietnameseText.collapseRepeats(repaired);
            List<String> pieces = null;
            if (repaired.equals(raw) && speller != null && !InputRepair.isPlainSyllable(w)) {
                // "lamcccd": split before collapsing the letters of an abbreviation.
                pieces = speller.split(raw, ABBREVIATION_WORDS);
                pieces = pieces != null ? pieces : speller.split(w, ABBREVIATION_WORDS);
                // "photocongchungg": a doubled letter typed on the way
                pieces = pieces != null ? pieces : speller.split(w.replaceAll("(\\p{L})\\1", "$1"), ABBREVIATION_WORDS);
            }
            for (String p : pieces == null ? List.of(w) : pieces) {
                if (!expand(p, typed)) {
                    typed.add(p);
                }
            }
        }
        List<String> words = Courtesy.strip(Dialect.standardize(typed));
        List<String> folded = new ArrayList<>(words.size() + 8);
        List<String> toned = new ArrayList<>(words.size());
        for (String w : words) {
            String f = VietnameseText.foldIy(VietnameseText.fold(w));
            if (speller != null) {
                f = speller.correct(f);
            }
            folded.add(f);
            if (!f.equals(w)) {
                toned.add(VietnameseText.toneKey(w));
            }
        }
        String foldedText = " " + String.join(" ", folded) + " ";
        for (Map.Entry<String, String[]> lay : LAY_TERMS.entrySet()) {
            if (foldedText.contains(lay.getKey())) {
                for (String w : lay.getValue()) {
                    folded.add(VietnameseText.foldIy(VietnameseText.fold(w)));
                    toned.add(VietnameseText.toneKey(w));
                }
            }
        }
        return new Analysis(foldedText, folded, toned);
    }

    /** Adds the expansion of an abbreviation ("gks" → giấy khai sinh); false when the word is none. */
    private static boolean expand(String word, List<String> out) {
        String[] expansion = ABBREVIATIONS.get(VietnameseText.fold(word));
        if (expansion == null) {
            return false;
        }
        out.addAll(List.of(expansion));
        return true;
    }

    private static Map<String, String[]> load(String resource) {
        Map<String, String[]> map = new LinkedHashMap<>();
        try (InputStream in = Analyzer.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + resource);
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] parts = line.split("\t");
                String key = parts[0].strip();
                // Phrases are matched inside " folded text ", so pad them to whole words.
                String k = key.contains(" ") ? " " + key + " " : key;
                map.put(k, VietnameseText.words(VietnameseText.clean(parts[1])).toArray(String[]::new));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return map;
    }
}
