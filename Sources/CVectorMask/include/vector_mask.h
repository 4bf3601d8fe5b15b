// The one vector instruction the byte scans need and Swift's SIMD types do not offer: a
// vector's lanes gathered into a bit mask (x86's `pmovmskb`). Header-only, so that Swift
// inlines it into the scans that call it.
#ifndef TOOL_SEQUENCER_VECTOR_MASK_H
#define TOOL_SEQUENCER_VECTOR_MASK_H

#include <stdint.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

/// Sixteen bytes, imported into Swift as `SIMD16<UInt8>`.
typedef uint8_t ts_vector_bytes __attribute__((ext_vector_type(16)));

/// The high bit of each of the 16 lanes of `lanes`, lane `i` as bit `i` of the result: for lanes
/// that are 0x00 or 0xFF (a vector comparison's result), the lanes that are set.
static inline __attribute__((always_inline)) uint32_t ts_vector_mask(ts_vector_bytes lanes) {
#if defined(__SSE2__)
    return (uint32_t)_mm_movemask_epi8((__m128i)lanes);
#else
    uint32_t mask = 0;
    for (int lane = 0; lane < 16; lane++) {
        mask |= (uint32_t)(lanes[lane] >> 7) << lane;
    }
    return mask;
#endif
}

#endif
