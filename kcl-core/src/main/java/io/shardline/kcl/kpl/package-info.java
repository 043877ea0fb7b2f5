/**
 * The KPL aggregated-record format on the producing side: {@link io.shardline.kcl.kpl.KplAggregator} packs user
 * records the way the Kinesis Producer Library does. Consumers de-aggregate them without any setting.
 */
package io.shardline.kcl.kpl;
