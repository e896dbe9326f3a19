package org.fieldsync.sampling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;

import org.fieldsync.sampling.Design.AllocationMethod;
import org.junit.jupiter.api.Test;

/** Design parameters: validation, take classes, plain-map round trip. */
class DesignTest {

    @Test
    void roundTripsThroughPlainJson() {
        Design d = Design.builder().cutoffs(0.05, 0.15).classLabels("LOW", "MED", "HIGH")
                .migrantTypes(EnumSet.of(HouseholdType.EMIG, HouseholdType.RET, HouseholdType.IMM))
                .allocation(AllocationMethod.NEYMAN, 40).cost("HIGH", 2.5).lowerBound("LOW", 3).upperBound("HIGH", 9)
                .target("HIGH", 200, 90).rates("LOW", 0.1, 0.01).measureOfSize(Design.MeasureOfSize.COMPOSITE)
                .secondStage(Design.SecondStageMethod.FIXED_RATE).poolMigrantTypes(true).take("MIG", 8)
                .powerExponent(0.3).build();
        @SuppressWarnings("unchecked")
        Map<String, Object> back = (Map<String, Object>) Fixtures.Json.parse(Fixtures.Json.write(d.toMap()));
        assertEquals(d, Design.fromMap(back));
        assertEquals(d, d.toBuilder().build());
    }

    @Test
    void derivesTakeClassesAndGroupTakes() {
        Design d = Design.builder().allocation(AllocationMethod.EQUAL, 4).take("EMIG", 3).take("RET", 2)
                .take("NON", 4).build();
        assertEquals(List.of("EMIG", "RET", "NON"), d.takeClasses().stream().map(Design.TakeClass::name).toList());
        assertEquals(5, d.migrantTake());
        assertEquals(4, d.controlTake());
        Design pooled = Design.builder().allocation(AllocationMethod.EQUAL, 4).poolMigrantTypes(true).take("MIG", 6)
                .take("NON", 4).build();
        assertEquals(6, pooled.migrantTake());
    }

    @Test
    void refusesInvalidParameters() {
        assertThrows(SamplingException.class, () -> Design.builder().cutoffs(0.15, 0.05)
                .allocation(AllocationMethod.EQUAL, 4).build());
        assertThrows(SamplingException.class, () -> Design.builder().cutoffs(0.1).classLabels("A")
                .allocation(AllocationMethod.EQUAL, 4).build());
        assertThrows(SamplingException.class, () -> Design.builder().allocation(AllocationMethod.EQUAL, 0).build());
        assertThrows(SamplingException.class, () -> Design.builder().allocation(AllocationMethod.EQUAL, 4)
                .take("EMIG", 3).build()); // FIXED_TAKE without RET and NON takes
        SamplingException e = assertThrows(SamplingException.class, () -> Design.builder()
                .allocation(AllocationMethod.EQUAL, 4).take("MIG", 3).take("NON", 3).build());
        assertEquals(SamplingException.Code.INVALID_DESIGN, e.code());
        assertThrows(SamplingException.class, () -> Design.builder().allocation(AllocationMethod.EQUAL, 4)
                .measureOfSize(Design.MeasureOfSize.COMPOSITE).take("EMIG", 1).take("RET", 1).take("NON", 1).build());
    }
}
