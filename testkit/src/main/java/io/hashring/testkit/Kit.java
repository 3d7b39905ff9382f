package io.hashring.testkit;

import java.util.Map;

/** What every kit tells the reporting extension: who is under test and which failures are expected. */
interface Kit {

    /** The name of the client or router under test, for the report. */
    String subjectName();

    /** The kit family, for the report ({@code routing}, {@code live}, {@code load}). */
    String kitName();

    /** Rules the subject is known to fail, with the reason; see {@link RoutingKit#expectedFailures()}. */
    Map<Rules, String> expectedFailures();
}
