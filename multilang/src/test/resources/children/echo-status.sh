#!/bin/sh
# A minimal MultiLangDaemon child in POSIX sh: answers every message with its status, checkpoints once per
# processRecords (without a sequence number), logs each action to stderr, and exits when stdin closes.
# With EXIT_ON_RECORDS=1 it exits with code 7 on the first processRecords instead.
while IFS= read -r line; do
  case "$line" in
    *'"action":"initialize"'*) action=initialize ;;
    *'"action":"processRecords"'*) action=processRecords ;;
    *'"action":"leaseLost"'*) action=leaseLost ;;
    *'"action":"shardEnded"'*) action=shardEnded ;;
    *'"action":"shutdownRequested"'*) action=shutdownRequested ;;
    *'"action":"checkpoint"'*) echo "checkpoint answer: $line" >&2; continue ;;
    *) continue ;;
  esac
  echo "got $action" >&2
  if [ "$action" = processRecords ]; then
    if [ "${EXIT_ON_RECORDS:-0}" = 1 ]; then exit 7; fi
    echo '{"action":"checkpoint","sequenceNumber":null}'
    IFS= read -r answer
    echo "checkpoint answer: $answer" >&2
  fi
  printf '{"action":"status","responseFor":"%s"}\n' "$action"
done
