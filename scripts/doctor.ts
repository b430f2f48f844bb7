/** `npm run doctor`: scripts/commands/doctor.ts. */
import { runCli } from "./cli";
import { doctor } from "./commands/doctor";

await runCli(doctor);
