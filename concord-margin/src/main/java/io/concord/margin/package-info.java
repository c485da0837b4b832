/**
 * The silo SPI. A new silo is one package {@code io.concord.margin.<silo>} whose only public types are its
 * {@link io.concord.margin.MarginSilo} and its {@code *Parameters} (what the engine builds it from); its methods and
 * helpers are package-private ({@code ArchitectureTest.SILO_SPI}).
 *
 * <p>What a silo implements and uses: {@link io.concord.margin.MarginSilo}, margining one
 * {@link io.concord.margin.MarginAccount}'s positions in a {@link io.concord.margin.MarketContext} into a
 * {@link io.concord.margin.SiloResult} with its {@link io.concord.margin.Explain} tree and what it left
 * {@link io.concord.margin.Unmargined}; {@link io.concord.margin.SiloId}, {@link io.concord.margin.Positions},
 * and the parameter readers {@link io.concord.margin.Param}, {@link io.concord.margin.ParamNode} and
 * {@link io.concord.margin.MarginParameterException}. The engine that routes positions to silos is
 * {@code io.concord.margin.engine.MarginEngine}.
 */
package io.concord.margin;
