import { largest } from "../src/area";
console.log(largest([{ kind: "square", side: 2 }]));
