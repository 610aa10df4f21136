export { type NodeRequestListener, toNodeHandler } from "./toNodeHandler.js";
