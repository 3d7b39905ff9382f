/**
 * The consistent-hash ring and its parts.
 *
 * <ul>
 *   <li>{@link io.hashring.core.Ring}: an immutable ketama-family ring; {@link io.hashring.core.RingHolder}
 *       publishes snapshots to concurrent readers.</li>
 *   <li>{@link io.hashring.core.RingConfig}: hash, {@link io.hashring.core.WeightPolicy},
 *       {@link io.hashring.core.PointLayout}, {@link io.hashring.core.SearchRule} and
 *       {@link io.hashring.core.TieRule}.</li>
 *   <li>{@link io.hashring.core.ModuloRouter}: the {@code hash mod n} baseline.</li>
 *   <li>{@link io.hashring.core.RingDiff}: what moves between two rings, exactly.</li>
 *   <li>{@link io.hashring.core.NativeRouting} ({@code hashring-native}, a {@link io.hashring.core.WeightedRendezvousRouter}), {@link io.hashring.core.SlotRouter}, {@link io.hashring.core.MaglevRouter}, {@link io.hashring.core.WeightedRendezvousRouter}: routers for fleets whose clients all use hashring.</li>
 * </ul>
 */
package io.hashring.core;
