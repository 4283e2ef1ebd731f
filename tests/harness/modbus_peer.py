#!/usr/bin/python3
"""A real Modbus peer for tests (pymodbus 3.0 from Debian's python3-pymodbus).

Usage: modbus_peer.py '<json>' where json is
  {"mode": "tcp", "port": 15020} or {"mode": "rtu", "device": "/dev/pts/5", "baudrate": 9600},
  "slaves": {"1": {"hr": {"0": [1, 2]}, "ir": {}, "co": {}, "di": {}}}
Unit ids not listed get no answer at all (a dead meter on the bus).
Prints READY on stdout when it serves. Registers are zero-based (zero_mode).
"""
import asyncio
import json
import logging
import sys

from pymodbus.datastore import (
    ModbusSequentialDataBlock,
    ModbusServerContext,
    ModbusSlaveContext,
)
from pymodbus.framer.rtu_framer import ModbusRtuFramer
from pymodbus.server import StartAsyncSerialServer, StartAsyncTcpServer

SIZE = 2000


def block(spec):
    values = [0] * SIZE
    for addr, vals in (spec or {}).items():
        for i, v in enumerate(vals):
            values[int(addr) + i] = v
    return ModbusSequentialDataBlock(0, values)


async def main():
    cfg = json.loads(sys.argv[1])
    logging.basicConfig(level=logging.ERROR)
    slaves = {}
    for unit, spec in cfg["slaves"].items():
        slaves[int(unit)] = ModbusSlaveContext(
            hr=block(spec.get("hr")),
            ir=block(spec.get("ir")),
            co=block(spec.get("co")),
            di=block(spec.get("di")),
            zero_mode=True,
        )
    context = ModbusServerContext(slaves=slaves, single=False)
    if cfg["mode"] == "tcp":
        server = await StartAsyncTcpServer(
            context=context,
            address=("127.0.0.1", cfg["port"]),
            defer_start=True,
            allow_reuse_address=True,
            ignore_missing_slaves=True,
        )
        task = asyncio.create_task(server.serve_forever())
        while server.server is None:
            await asyncio.sleep(0.02)
    else:
        server = await StartAsyncSerialServer(
            context=context,
            framer=ModbusRtuFramer,
            port=cfg["device"],
            baudrate=cfg.get("baudrate", 9600),
            ignore_missing_slaves=True,
            defer_start=True,
        )
        await server.start()
        task = asyncio.create_task(server.serve_forever())
    print("READY", flush=True)
    await task


if __name__ == "__main__":
    try:
        asyncio.run(main())
    except KeyboardInterrupt:
        pass
