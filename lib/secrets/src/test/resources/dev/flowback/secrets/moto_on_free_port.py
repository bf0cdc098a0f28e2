"""moto's server on a loopback port the OS picks, for tests: prints {"port": N} once it listens, and stops when its
standard input closes (the test JVM closed it, or died)."""
import json
import sys

from moto.server import ThreadedMotoServer

server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
server.start()
print(json.dumps({"port": server.get_host_and_port()[1]}), flush=True)
sys.stdin.read()
server.stop()
