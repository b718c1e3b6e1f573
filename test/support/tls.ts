/** Self-signed certificates for test servers (Dovecot, the app's own HTTPS). */
import { spawnSync } from "bun";
import { readFileSync } from "node:fs";
import { join } from "node:path";

/** EC P-256 self-signed certificate for 127.0.0.1; returns its PEM. */
export function makeSelfSignedCertificate(dir: string): { certFile: string; keyFile: string; pem: string } {
  const result = spawnSync(
    [
      "openssl",
      "req",
      "-x509",
      "-newkey",
      "ec",
      "-pkeyopt",
      "ec_paramgen_curve:P-256",
      "-nodes",
      "-keyout",
      join(dir, "key.pem"),
      "-out",
      join(dir, "cert.pem"),
      "-days",
      "7",
      "-subj",
      "/CN=localhost",
      "-addext",
      "subjectAltName=IP:127.0.0.1,DNS:localhost",
    ],
    { stdout: "ignore", stderr: "pipe" },
  );
  if (!result.success) throw new Error(`openssl failed: ${result.stderr.toString().trim()}`);
  return { certFile: join(dir, "cert.pem"), keyFile: join(dir, "key.pem"), pem: readFileSync(join(dir, "cert.pem"), "utf8") };
}
