// @vitest-environment jsdom
import { fireEvent, render, screen } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";

import { DateFilter, DateInput } from "./DateInput";

describe("DateFilter", () => {
  it("is a text field typed jj/mm/aaaa, its value given as ISO", () => {
    const onChange = vi.fn();
    render(<DateFilter label="Du" value={undefined} onChange={onChange} />);
    const input = screen.getByLabelText("Du") as HTMLInputElement;
    expect(input.type).toBe("text");
    expect(input.placeholder).toBe("jj/mm/aaaa");
    fireEvent.change(input, { target: { value: "20/11/2026" } });
    expect(onChange).toHaveBeenLastCalledWith("2026-11-20");
    fireEvent.change(input, { target: { value: "" } });
    expect(onChange).toHaveBeenLastCalledWith(undefined);
  });

  it("says in French what is wrong, and filters nothing meanwhile", () => {
    const onChange = vi.fn();
    render(<DateFilter label="Du" value={undefined} onChange={onChange} />);
    const input = screen.getByLabelText("Du");
    fireEvent.change(input, { target: { value: "31/02" } });
    expect(screen.queryByText(/n’existe pas/)).toBeNull(); // not while typing
    fireEvent.change(input, { target: { value: "31/02/2026" } });
    expect(screen.getByText("Le 31/02/2026 n’existe pas (ce mois a 28 jours).")).toBeTruthy();
    expect(input.getAttribute("aria-invalid")).toBe("true");
    expect(onChange).not.toHaveBeenCalled();
    fireEvent.change(input, { target: { value: "28/02/2026" } });
    expect(screen.queryByText(/n’existe pas/)).toBeNull();
    expect(onChange).toHaveBeenLastCalledWith("2026-02-28");
  });

  it("refuses a date outside its bounds", () => {
    const onChange = vi.fn();
    render(<DateFilter label="Du" value={undefined} max="2026-11-10" onChange={onChange} />);
    fireEvent.change(screen.getByLabelText("Du"), { target: { value: "20/11/2026" } });
    expect(screen.getByText("Choisissez une date jusqu’au 10/11/2026.")).toBeTruthy();
    expect(onChange).not.toHaveBeenCalled();
  });

  it("follows a value set from outside (a period button, a reset)", () => {
    const { rerender } = render(<DateFilter label="Du" value="2026-11-01" onChange={() => {}} />);
    expect((screen.getByLabelText("Du") as HTMLInputElement).value).toBe("01/11/2026");
    rerender(<DateFilter label="Du" value={undefined} onChange={() => {}} />);
    expect((screen.getByLabelText("Du") as HTMLInputElement).value).toBe("");
  });
});

describe("DateInput", () => {
  it("shows a stored date the French way in a form", () => {
    render(<label>Péremption<DateInput name="expiration_date" defaultValue="2026-12-25" /></label>);
    const input = screen.getByLabelText("Péremption") as HTMLInputElement;
    expect(input.value).toBe("25/12/2026");
    expect(input.type).toBe("text");
    expect(input.name).toBe("expiration_date");
  });
});
