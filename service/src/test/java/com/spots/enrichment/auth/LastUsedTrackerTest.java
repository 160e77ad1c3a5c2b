package com.spots.enrichment.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.spots.enrichment.testing.TestDatabase;
import com.spots.enrichment.testing.TestKeys;
import com.spots.enrichment.testing.TestKeys.IssuedKey;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;
import org.junit.jupiter.api.Test;

class LastUsedTrackerTest {

    private static final TestDatabase DB = TestDatabase.migrated();
    private static final Jdbi JDBI = DB.jdbi().installPlugin(new SqlObjectPlugin());
    private static final Instant SECOND = Instant.parse("2026-11-30T12:00:00Z");

    @Test
    void aUseWithinTheSecondAlreadyNotedKeepsTheNotedTime() {
        assertThat(lastUsedAfterUsesAt(SECOND.plusMillis(100), SECOND.plusMillis(900)))
                .isEqualTo(SECOND.plusMillis(100));
    }

    @Test
    void aUseInALaterSecondReplacesTheNotedTime() {
        assertThat(lastUsedAfterUsesAt(SECOND.plusMillis(100), SECOND.plusMillis(1_200)))
                .isEqualTo(SECOND.plusMillis(1_200));
    }

    /** A new key's last_used_at after uses at these times, in order, and one flush (which writes the one key). */
    private static Instant lastUsedAfterUsesAt(Instant... times) {
        IssuedKey key = TestKeys.create(DB);
        SettableClock clock = new SettableClock(times[0]);
        LastUsedTracker tracker = new LastUsedTracker(JDBI.onDemand(ApiKeyDAO.class), clock);
        for (Instant time : times) {
            clock.now = time;
            tracker.record(key.id());
        }
        assertThat(tracker.flush()).isEqualTo(1);
        return lastUsed(key);
    }

    private static Instant lastUsed(IssuedKey key) {
        try (Handle h = JDBI.open()) {
            return h.createQuery("SELECT last_used_at FROM api_keys WHERE id = ?").bind(0, key.id())
                    .mapTo(Instant.class).one().truncatedTo(ChronoUnit.MILLIS);
        }
    }

    private static final class SettableClock extends Clock {
        private Instant now;

        SettableClock(Instant now) {
            this.now = now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
