package com.spots.enrichment.privacy;

import com.spots.enrichment.api.ApiException;
import com.spots.enrichment.api.ErrorCode;
import java.util.Map;

/**
 * The minimum segment size (SPEC §7): below it, every endpoint answers 422 INSUFFICIENT_DATA. The answer names the
 * threshold (public configuration) but never the segment's size, not even whether it is empty.
 */
public class PrivacyThreshold {

    private final int minimumSegmentSize;

    public PrivacyThreshold(int minimumSegmentSize) {
        this.minimumSegmentSize = minimumSegmentSize;
    }

    public void check(long consentingMembers) {
        if (consentingMembers < minimumSegmentSize) {
            throw new ApiException(ErrorCode.INSUFFICIENT_DATA,
                    "The segment has too few consenting members to report on without exposing individuals. "
                            + "Widen it (a larger region, a wider age range, fewer or broader interests or categories).",
                    Map.of("minimum_segment_size", minimumSegmentSize));
        }
    }
}
