# Sourced by the bench scripts: free_port prints a TCP port free on the loopback interface now.
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
