'use strict';
/*
 * A record processor for KCL's Node.js client (npm aws-kcl), using only its public API: run it under KCL's
 * MultiLangDaemon or Shardline's, unchanged. It appends every record it receives to a file (one JSON line per record,
 * one file per shard and process in OUT_DIR, starting with the shard, the position and the daemon's pid), and checkpoints every CHECKPOINT_EVERY records at the last record
 * received, when its shard ends, and when a shutdown is requested (so a graceful stop repeats nothing).
 *
 * Usage (executableName in the properties file): node processor.js OUT_DIR [CHECKPOINT_EVERY]
 * Logs go to stderr: stdout belongs to the protocol.
 */
var fs = require('fs');
var path = require('path');
var kcl = require('aws-kcl');

var outDir = process.argv[2] || '.';
var checkpointEvery = parseInt(process.argv[3] || '25', 10);

function log(message) {
  process.stderr.write('[node ' + process.pid + '] ' + message + '\n');
}

function recordProcessor() {
  var shardId;
  var file;
  var sinceCheckpoint = 0;
  var lastSequenceNumber = null;

  function write(entry) {
    fs.appendFileSync(file, JSON.stringify(entry) + '\n');
  }

  function checkpoint(checkpointer, sequenceNumber, reason, done) {
    var callback = function (err, checkpointed) {
      if (err) {
        log('checkpoint of ' + shardId + ' at ' + sequenceNumber + ' (' + reason + ') failed: ' + err);
      } else {
        sinceCheckpoint = 0;
        write({event: 'checkpoint', shardId: shardId, reason: reason, sequenceNumber: checkpointed || null});
      }
      done();
    };
    if (sequenceNumber) {
      checkpointer.checkpoint(sequenceNumber, callback);
    } else {
      checkpointer.checkpoint(callback);
    }
  }

  return {
    initialize: function (input, done) {
      shardId = input.shardId;
      file = path.join(outDir, shardId + '-' + process.pid + '.jsonl');
      write({event: 'initialize', shardId: shardId, sequenceNumber: input.sequenceNumber, daemonPid: process.ppid,
        startedAt: Date.now()});
      log('initialize ' + shardId + ' after ' + input.sequenceNumber);
      done();
    },

    processRecords: function (input, done) {
      var lines = '';
      input.records.forEach(function (record) {
        lines += JSON.stringify({
          event: 'record',
          shardId: shardId,
          partitionKey: record.partitionKey,
          sequenceNumber: record.sequenceNumber,
          subSequenceNumber: record.subSequenceNumber,
          arrival: record.approximateArrivalTimestamp,
          data: Buffer.from(record.data, 'base64').toString('utf8')
        }) + '\n';
        lastSequenceNumber = record.sequenceNumber;
      });
      fs.appendFileSync(file, lines);
      sinceCheckpoint += input.records.length;
      if (sinceCheckpoint >= checkpointEvery) {
        checkpoint(input.checkpointer, lastSequenceNumber, 'every ' + checkpointEvery, done);
      } else {
        done();
      }
    },

    leaseLost: function (input, done) {
      log('lease lost: ' + shardId);
      done();
    },

    shardEnded: function (input, done) {
      log('shard ended: ' + shardId);
      checkpoint(input.checkpointer, null, 'shardEnded', done);
    },

    shutdownRequested: function (input, done) {
      log('shutdown requested: ' + shardId);
      checkpoint(input.checkpointer, null, 'shutdownRequested', done);
    }
  };
}

kcl(recordProcessor()).run();
