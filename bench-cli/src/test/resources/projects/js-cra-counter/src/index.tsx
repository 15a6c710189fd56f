import { createRoot } from "react-dom/client";
import Counter from "./Counter";

createRoot(document.getElementById("root") as HTMLElement).render(<Counter />);
