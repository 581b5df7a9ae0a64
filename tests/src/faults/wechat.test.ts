import { describeFaults } from "./fault-matrix.ts";

await describeFaults("wechat");
